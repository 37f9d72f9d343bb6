import Foundation
import MilepostCore
import MilepostTesting
import Testing
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

@Suite struct RecoveryTests {
    func segmentBytes(generation: UInt64, sequences: ClosedRange<UInt64>) -> [UInt8] {
        var bytes = SegmentHeader(storeID: 1, generation: generation, index: 0, segmentCount: 4, segmentSize: 4096, firstSequence: 1).encode()
        for sequence in sequences {
            let payload = ReadPayload.encode(sampleRead(Int(sequence)))
            bytes += RecordHeader(kind: .read, generation: generation, sequence: sequence, captureTime: UTCTime(millisecondsSinceEpoch: 5),
                                  payloadLength: UInt32(payload.count), plate: PlateKey("ABC123")).encodeRecord(payload: payload)
        }
        return bytes + [UInt8](repeating: 0, count: 4096 - bytes.count)
    }

    @Test func recordsFromAnEarlierLapNeverValidate() {
        let stale = segmentBytes(generation: 5, sequences: 1...3)
        #expect(SegmentScanner.scan(stale, generation: 5, after: 0).records.count == 3)
        let scan = SegmentScanner.scan(stale, generation: 9, after: 0)
        #expect(scan.records.isEmpty)
        #expect(scan.end == Format.headerSize)
        #expect(scan.elements.count == 1)  // the stale records, one invalid span
    }

    @Test func readOnlyOpenNeitherWritesNorPurges() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1, time: baseTime))
        store.close()
        fixture.clock.advance(milliseconds: 31 * 24 * hour)
        let points = fixture.fs.writePoints
        let readOnly = try fixture.open(.readOnly)
        #expect(readOnly.openingPurge == nil)
        #expect(try all(readOnly).isEmpty)  // expired: not returned
        #expect { try readOnly.append(sampleRead(2, time: fixture.clock.now().millisecondsSinceEpoch)) } throws: {
            if case .readOnly = $0 as! StoreError { return true }
            return false
        }
        #expect(fixture.fs.writePoints == points)
    }

    @Test func missingStoreIsNamedAndDamagedMetadataRefused() throws {
        let fixture = StoreFixture()
        #expect(throws: StoreError.noStore(directory: "/store")) { _ = try fixture.open(.readOnly) }
        _ = try fixture.open()
        fixture.fs.corrupt("/store/store.meta", at: 9, with: [0x55])
        #expect { _ = try fixture.open() } throws: {
            guard case .damaged(let path, _) = $0 as! StoreError else { return false }
            return path == "/store/store.meta"
        }
    }

    @Test func endToEndOnTheRealFileSystem() throws {
        let directory = NSTemporaryDirectory() + "milepost-store-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = StoreFixture().configuration
        configuration.directory = directory
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: baseTime))
        let store = try ReadStore.open(configuration, clock: clock)
        let reads = (1...30).map { sampleRead($0, plate: "RF\($0 % 3)", time: baseTime + Int64($0), cropSize: 700) }
        #expect(try store.append(contentsOf: reads) == Array(1...30))
        try store.hold(sequence: 2, approvalID: "A-1")
        store.close()
        let reopened = try ReadStore.open(configuration, clock: clock)
        let live = try all(reopened)
        #expect(live.last?.read == reads.last)
        #expect(live.allSatisfy { $0.read == reads[Int($0.sequence) - 1] })
        #expect(try reopened.evidence(sequence: 2).1.read == reads[1])
        #expect(reopened.recovery.damage.isEmpty)
    }
}
