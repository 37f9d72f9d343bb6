import Foundation
import MilepostCore
import MilepostImaging
import MilepostStorage
import Testing
@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct StoreReadRecorderTests {
    @Test func aRecordedReadIsInTheStoreAsTheReaderMadeIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ReadStore.open(StoreConfiguration(directory: directory, capacityBytes: 4 << 20, segmentSize: 1 << 20, retentionDays: 30))
        defer { store.close() }
        let recorder = StoreReadRecorder(store: store, queue: SerialLane(label: "test.store", pool: .forTests))
        let crop = try JPEG.encodeGrey(LumaImage(width: 16, height: 8, pixels: [UInt8](repeating: 128, count: 128)))
        let observation = PlateObservation(text: "ABC1234", confidence: 875, alternatives: [.init(text: "A8C1234", confidence: 250)],
                                           box: PlateBox(x: 10, y: 20, width: 94, height: 24), cropJPEG: crop)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let frame = CapturedFrame(image: LumaImage(width: 1, height: 1, pixels: [0]), capturedAtMilliseconds: now)
        let read = try observation.plateRead(capturedAt: frame, origin: .testUnit, authorizationID: "TA-9")
        try await recorder.record(read)

        let stored = try store.read(sequence: store.statistics().nextSequence - 1)
        #expect(stored.read == read)
        #expect(stored.read.crop == crop, "the crop is stored as the reader encoded it")
    }
}
