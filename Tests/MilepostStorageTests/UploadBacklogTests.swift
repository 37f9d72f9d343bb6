import MilepostCore
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting
import Testing

@Suite struct UploadBacklogTests {
    func appendReads(_ store: ReadStore, _ fixture: StoreFixture, count: Int) throws -> [UInt64] {
        try (0..<count).map { n in
            fixture.clock.advance(milliseconds: 10)
            return try store.append(.sample(try PlateText(normalizing: "UP\(1000 + n)"), at: fixture.clock.now(), crop: [UInt8](repeating: 0xAB, count: 900)))
        }
    }

    @Test func readsAfterASequenceComeOldestFirstUpToTheLimit() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let sequences = try appendReads(store, fixture, count: 6)
        #expect(Array(store.reads(afterSequence: sequences[1], limit: 3)).map(\.sequence) == Array(sequences[2...4]))
        #expect(Array(store.reads(afterSequence: sequences[4], limit: 10)).map(\.sequence) == [sequences[5]])
        #expect(Array(store.reads(afterSequence: sequences[5], limit: 10)).isEmpty)
        #expect(Array(store.reads(afterSequence: 0, limit: 2)).map(\.sequence) == Array(sequences[0...1]))
    }

    @Test func withoutAnUploadMarkNothingIsCountedOrWaiting() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        _ = try appendReads(store, fixture, count: 60)  // wraps the 4 × 8 KiB ring
        #expect(store.takeOverwrittenBeforeUpload() == nil)
        #expect(store.uploadBacklog() == UploadBacklog(waitingReads: 0, oldestWaitingSequence: nil, fractionOfCapacity: 0))
    }

    /// The backlog grows toward the whole ring as reads wait, passes 80% before the first
    /// waiting read is overwritten, and every waiting read the ring overwrites is counted
    /// once, with its sequence range; reads past the mark are not.
    @Test func theRingCountsTheWaitingReadsItOverwritesAndTheBacklogWarnsFirst() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        store.setUploadMark(through: 0)
        var fractions: [Double] = []
        var firstOverwriteAt: Int?
        var sequences: [UInt64] = []
        for n in 0..<60 {
            sequences += try appendReads(store, fixture, count: 1)
            fractions.append(store.uploadBacklog().fractionOfCapacity)
            if firstOverwriteAt == nil, store.uploadBacklog().oldestWaitingSequence != 1 { firstOverwriteAt = n }
        }
        let overwritten = try #require(store.takeOverwrittenBeforeUpload())
        let live = Array(try store.query(.all)).map(\.sequence)
        #expect(overwritten.count == sequences.count - live.count)
        #expect(overwritten.sequences == 1...(live.first! - 1))
        #expect(store.takeOverwrittenBeforeUpload() == nil)
        let wrapped = try #require(firstOverwriteAt)
        #expect(fractions[wrapped - 1] >= 0.8 && fractions[wrapped - 1] <= 1)
        #expect(fractions.prefix(wrapped).elementsEqual(fractions.prefix(wrapped).sorted()))
        #expect(store.uploadBacklog().waitingReads == live.count)

        // Uploaded through the newest read: reusing two segments overwrites none that waits.
        store.setUploadMark(through: sequences.last!)
        #expect(store.uploadBacklog().waitingReads == 0)
        let newer = try appendReads(store, fixture, count: 14)
        #expect(store.takeOverwrittenBeforeUpload() == nil)
        #expect(store.uploadBacklog().waitingReads == newer.count)
        #expect(store.uploadBacklog().oldestWaitingSequence == newer.first)
    }
}
