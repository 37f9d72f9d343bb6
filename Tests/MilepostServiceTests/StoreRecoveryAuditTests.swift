import MilepostPolicy
import MilepostStorage
import Testing
@testable import MilepostService

@Suite struct StoreRecoveryAuditTests {
    @Test func lostReadsGetAnEntryNamingTheirSequences() {
        var report = RecoveryReport()
        report.damage = [
            DamagedRegion(segment: 1, offset: 640, length: 704, lostSequences: 5...5, reason: "read 5: record crc"),
            DamagedRegion(segment: 2, offset: 96, length: 16, reason: "read 9 is intact but its record padding"),
        ]
        report.tornTail = DamagedRegion(segment: 2, offset: 900, length: 200, reason: "unfinished write")
        let events = StoreRecoveryAudit.events(for: report, unitID: "u1")
        #expect(events.map(\.type) == ["store.reads-lost", "store.damage"])
        #expect(events.first?.object == "reads 5...5")
        #expect(events.first?.actor == .unit("u1"))
    }

    @Test func aCleanRecoveryOrATornTailAloneIsNotAudited() {
        var report = RecoveryReport()
        report.tornTail = DamagedRegion(segment: 0, offset: 64, length: 512, reason: "unfinished write")
        #expect(StoreRecoveryAudit.events(for: report, unitID: "u1").isEmpty)
    }
}
