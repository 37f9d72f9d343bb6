import Foundation
import Testing
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

@Suite struct ReadStoreTests {
    @Test func appendedReadsSurviveAPowerCut() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let reads = (1...5).map { sampleRead($0, plate: "AB\($0)", time: baseTime + Int64($0)) }
        let sequences = try reads.map { try store.append($0) }
        #expect(sequences == [1, 2, 3, 4, 5])
        let reopened = try fixture.reopenAfterCut(store, .dropUnsynced)
        #expect(try all(reopened).map(\.read) == reads)
        #expect(try reopened.read(sequence: 3).read == reads[2])
        #expect(try reopened.append(sampleRead(6)) == 6)
    }

    @Test func ringOverwritesOldestAndKeepsNumbering() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        for n in 1...60 { try store.append(sampleRead(n, plate: "P\(n)", time: baseTime + Int64(n), cropSize: 600)) }
        let live = try all(store)
        #expect(live.last?.sequence == 60)
        #expect(live.count < 60 && live.count > 20)
        #expect(live.map(\.sequence) == Array(live.first!.sequence...60))
        #expect(throws: StoreError.notFound(sequence: 1)) { try store.read(sequence: 1) }
        let reopened = try fixture.reopenAfterCut(store)
        #expect(try all(reopened).map(\.sequence) == live.map(\.sequence))
        #expect(try reopened.append(sampleRead(61)) == 61)
    }

    @Test func tornTailIsIgnoredAndAppendsContinue() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        for n in 1...3 { try store.append(sampleRead(n, time: baseTime + Int64(n), cropSize: 900)) }
        fixture.fs.cutPower(atWritePoint: 2)  // the pwrite of the 4th lands, its fdatasync dies
        #expect(throws: StoreError.self) { try store.append(sampleRead(4, cropSize: 900)) }
        let reopened = try fixture.reopenAfterCut(store, .tornSector)
        let sequences = try all(reopened).map(\.sequence)
        #expect(sequences == [1, 2, 3] || sequences == [1, 2, 3, 4])
        #expect(reopened.recovery.damage.isEmpty)
        let next = try reopened.append(sampleRead(5))
        #expect(next == 4 || next == 5)  // 4 is skipped if its torn header reached the medium
        #expect(try reopened.read(sequence: next).read == sampleRead(5))
    }

    @Test func midCorruptionIsReportedAndLaterReadsKept() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        for n in 1...5 { try store.append(sampleRead(n, time: baseTime + Int64(n), cropSize: 500)) }
        store.close()
        // Damage the payload of read 2 on the medium.
        let location = try #require(ReadStoreTests.offset(of: 2, in: fixture))
        fixture.fs.corrupt(StoreLayout.segmentPath("/store", 0), at: location + 100, with: [0xDE, 0xAD])
        let reopened = try fixture.open()
        #expect(try all(reopened).map(\.sequence) == [1, 3, 4, 5])
        #expect(reopened.recovery.damage.count == 1)
        #expect(reopened.recovery.damage.first?.lostSequences == 2...2)
        #expect(try reopened.append(sampleRead(6)) == 6)
    }

    static func offset(of sequence: UInt64, in fixture: StoreFixture) -> Int? {
        guard let bytes = fixture.fs.durableContents(of: StoreLayout.segmentPath("/store", 0)) else { return nil }
        var offset = Format.headerSize
        while offset + 64 <= bytes.count, let header = try? RecordHeader.decode(bytes[offset...]) {
            if header.sequence == sequence { return offset }
            offset += header.recordSize
        }
        return nil
    }

    @Test func failedSyncMakesTheStoreReadOnlyWithoutRetrying() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1))
        fixture.fs.injectError(.ioError, on: .dataSync)
        #expect { try store.append(sampleRead(2)) } throws: {
            guard case .syncFailed(let error) = $0 as! StoreError else { return false }
            return error.errno == .ioError && error.operation == "fdatasync"
        }
        #expect { try store.append(sampleRead(3)) } throws: {
            if case .readOnly = $0 as! StoreError { return true }
            return false
        }
        #expect(store.readOnlyReason?.contains("fdatasync") == true)
        // Reads acknowledged before the failure are still served; the unsynced one is not.
        #expect(try all(store).map(\.sequence) == [1])
        let reopened = try fixture.reopenAfterCut(store)
        #expect(try all(reopened).map(\.sequence) == [1])
        #expect(try reopened.append(sampleRead(4)) == 2)
    }

    @Test func fullDiskRefusesOneAppendAndTheStoreCarriesOn() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1))
        fixture.fs.injectError(.noSpace, on: .write)
        #expect { try store.append(sampleRead(2)) } throws: {
            guard case .outOfSpace(let error) = $0 as! StoreError else { return false }
            return error.errno == .noSpace && "\($0)".contains("No space left on device")
        }
        #expect(try store.append(sampleRead(3)) == 2)
        #expect(try all(store).map(\.read) == [sampleRead(1), sampleRead(3)])
        let reopened = try fixture.reopenAfterCut(store)
        #expect(try all(reopened).map(\.read) == [sampleRead(1), sampleRead(3)])
    }

    @Test func concurrentAppendsShareOneSync() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1))
        let syncsBefore = fixture.fs.dataSyncCount
        let gate = DispatchSemaphore(value: 0)
        let first = NSLock()
        nonisolated(unsafe) var blocked = false  // used only under `first`
        fixture.fs.beforeDataSync = {
            let shouldBlock = first.withLock { () -> Bool in
                defer { blocked = true }
                return !blocked
            }
            if shouldBlock { gate.wait() }
        }
        let group = DispatchGroup()
        let results = NSLock()
        nonisolated(unsafe) var sequences: [UInt64] = []  // appended under `results`, read after the group is done
        for n in 2...9 {
            // Real threads: the dispatch pool would not grow past the blocked ones.
            group.enter()
            Thread {
                if let sequence = try? store.append(sampleRead(n, cropSize: 100)) {
                    results.withLock { sequences.append(sequence) }
                }
                group.leave()
            }.start()
        }
        // Wait until all eight are written and queued behind the blocked sync.
        for _ in 0..<5000 {
            let written = store.condition.withLock { store.writtenSequence }
            if written == 9 { break }
            usleep(1000)
        }
        gate.signal()
        group.wait()
        #expect(sequences.sorted() == Array(2...9))
        // The first writer's round: its records (the blocked sync), then its commit marker,
        // which also carries the eight queued records; then one marker sync for all eight.
        #expect(fixture.fs.dataSyncCount - syncsBefore == 3)
    }
}
