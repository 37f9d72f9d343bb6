import Foundation
import MilepostCore
import Testing
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

@Suite struct RetentionTests {
    @Test func configurationAskingMoreThanAYearIsRefused() {
        var configuration = StoreFixture().configuration
        configuration.retentionDays = 366
        #expect { try configuration.validate() } throws: { "\($0)".contains("366") && "\($0)".contains("365") }
        configuration.retentionDays = 365
        #expect(throws: Never.self) { try configuration.validate() }
    }

    @Test func expiredReadIsNeitherReturnedNorKept() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1, plate: "PAST111", time: baseTime))
        try store.append(sampleRead(2, plate: "NEW222", time: baseTime + 10 * 24 * hour))
        fixture.clock.advance(milliseconds: 30 * 24 * hour + hour)
        // Past retention: not returned even before a purge runs.
        #expect(try all(store).map(\.read.plate) == ["NEW222"])
        #expect(throws: StoreError.notFound(sequence: 1)) { try store.read(sequence: 1) }
        let report = try store.purge()
        #expect(report.erasedCount == 1)
        #expect(report.remainingCount == 1)
        #expect(report.oldestRemaining?.sequence == 2)
        // Not kept: the plate text and crop are gone from the medium.
        let bytes = try #require(fixture.fs.durableContents(of: StoreLayout.segmentPath("/store", 0)))
        #expect(!RetentionTests.contains(bytes, Array("PAST111".utf8)))
        #expect(!RetentionTests.contains(bytes, sampleRead(1).crop))
        #expect(RetentionTests.contains(bytes, Array("NEW222".utf8)))
        let reopened = try fixture.reopenAfterCut(store)
        #expect(try all(reopened).map(\.sequence) == [2])
        #expect(reopened.recovery.erasedRecords == 1)
        #expect(reopened.recovery.damage.isEmpty)
    }

    @Test func openPurgesAndAppendOfAnExpiredReadIsRefused() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1, time: baseTime))
        store.close()
        fixture.clock.advance(milliseconds: 31 * 24 * hour)
        let reopened = try fixture.open()
        #expect(reopened.openingPurge?.erasedCount == 1)
        #expect(reopened.openingPurge?.oldestRemaining == nil)
        #expect { try reopened.append(sampleRead(2, time: baseTime)) } throws: {
            if case .readAlreadyExpired = $0 as! StoreError { return true }
            return false
        }
    }

    @Test func heldReadOutlivesTheRingAndRetentionUntilReleased() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let held = sampleRead(1, plate: "HOLD1", time: baseTime)
        try store.append(held)
        let hold = try store.hold(sequence: 1, approvalID: "APPROVAL-77")
        #expect(hold.approvalID == "APPROVAL-77")
        #expect(throws: StoreError.alreadyHeld(sequence: 1)) { try store.hold(sequence: 1, approvalID: "X") }
        for n in 2...60 { try store.append(sampleRead(n, time: baseTime + Int64(n), cropSize: 600)) }
        #expect(throws: StoreError.notFound(sequence: 1)) { try store.read(sequence: 1) }
        fixture.clock.advance(milliseconds: 40 * 24 * hour)
        _ = try store.purge()
        let reopened = try fixture.reopenAfterCut(store)
        #expect(reopened.heldReads().map(\.sequence) == [1])
        let (evidenceHold, evidence) = try reopened.evidence(sequence: 1)
        #expect(evidence.read == held)
        #expect(evidenceHold.approvalID == "APPROVAL-77")
        let release = try reopened.release(sequence: 1, approvalID: "APPROVAL-78")
        #expect(release.approvalID == "APPROVAL-78")
        let again = try fixture.reopenAfterCut(reopened)
        #expect(again.heldReads().isEmpty)
        #expect(throws: StoreError.notHeld(sequence: 1)) { try again.evidence(sequence: 1) }
    }

    @Test func purgeReportNamesTheErasedSpanAndTheHoldsWhoseRingCopyItErased() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1, time: baseTime))
        try store.append(sampleRead(2, time: baseTime + 2 * hour))
        try store.append(sampleRead(3, time: baseTime + 5 * 24 * hour))
        let hold = try store.hold(sequence: 2, approvalID: "APPROVAL-9")
        fixture.clock.advance(milliseconds: 31 * 24 * hour)
        let report = try store.purge()
        #expect(report.erasedCount == 2)
        #expect(report.erasedCaptureTimes == UTCTime(millisecondsSinceEpoch: baseTime)...UTCTime(millisecondsSinceEpoch: baseTime + 2 * hour))
        #expect(report.exemptedHolds == [hold])
        let again = try store.purge()
        #expect(again.erasedCount == 0 && again.erasedCaptureTimes == nil && again.exemptedHolds.isEmpty,
                "a hold is exempted once, when its ring copy is erased")
        #expect(store.heldReads() == [hold])
    }

    @Test func readsAFailedPurgeWriteLeftAreErasedByTheNextPurge() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1, plate: "PAST111", time: baseTime))
        fixture.clock.advance(milliseconds: 31 * 24 * hour)
        fixture.fs.failMutations(after: 0)
        #expect(throws: StoreError.self) { try store.purge() }
        fixture.fs.clearFault()
        #expect(store.statistics().expiredReads == 1, "the read the failed write did not erase is still due")
        #expect(try store.purge().erasedCount == 1)
        let bytes = try #require(fixture.fs.durableContents(of: StoreLayout.segmentPath("/store", 0)))
        #expect(!RetentionTests.contains(bytes, Array("PAST111".utf8)))
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}
