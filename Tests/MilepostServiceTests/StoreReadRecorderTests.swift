import Foundation
import MilepostImaging
import MilepostStorage
import Testing
@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct StoreReadRecorderTests {
    @Test func aRecordedReadIsInTheStoreWithItsAuthorizationAndCrop() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ReadStore.open(StoreConfiguration(directory: directory, capacityBytes: 4 << 20, segmentSize: 1 << 20, retentionDays: 30))
        defer { store.close() }
        let recorder = StoreReadRecorder(store: store, unitID: "u1", cameraID: "c0", queue: SerialLane(label: "test.store", pool: .forTests))
        let crop = LumaImage(width: 16, height: 8, pixels: [UInt8](repeating: 128, count: 128))
        let observation = PlateObservation(text: "ABC1234", confidence: 875, alternatives: [.init(text: "A8C1234", confidence: 250)],
                                           box: (10, 20, 94, 24), crop: crop)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let frame = CapturedFrame(image: LumaImage(width: 1, height: 1, pixels: [0]), capturedAtMilliseconds: now)
        try await recorder.record(observation, frame: frame, authorizationID: "TA-9")

        let stored = try store.read(sequence: store.statistics().nextSequence - 1)
        #expect(stored.read.plate == "ABC1234")
        #expect(stored.read.authorizationID == "TA-9")
        #expect(stored.read.captureTime.millisecondsSinceEpoch == now)
        #expect(stored.read.alternatives.map(\.plate) == ["A8C1234"])
        #expect(stored.read.alternatives.map(\.confidence) == [250])
        let decodedCrop = try JPEG.decodeLuma(stored.read.crop)
        #expect(decodedCrop.width == 16 && decodedCrop.height == 8)
    }

    @Test func aReadWithMoreAlternativesThanTheStoreKeepsIsStoredWithTheBestOnes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ReadStore.open(StoreConfiguration(directory: directory, capacityBytes: 4 << 20, segmentSize: 1 << 20, retentionDays: 30))
        defer { store.close() }
        let recorder = StoreReadRecorder(store: store, unitID: "u1", cameraID: "c0", queue: SerialLane(label: "test.store", pool: .forTests))
        let alternatives = (1...9).map { PlateObservation.Alternative(text: "ABC12\($0)", confidence: 100 - $0) }
        let observation = PlateObservation(text: "ABC123", confidence: 875, alternatives: alternatives, box: (0, 0, 94, 24),
                                           crop: LumaImage(width: 4, height: 2, pixels: [UInt8](repeating: 90, count: 8)))
        let frame = CapturedFrame(image: LumaImage(width: 1, height: 1, pixels: [0]),
                                  capturedAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        try await recorder.record(observation, frame: frame, authorizationID: "TA-9")

        let stored = try store.read(sequence: store.statistics().nextSequence - 1)
        #expect(stored.read.alternatives.map(\.plate.description) == (1...8).map { "ABC12\($0)" })
    }
}
