import MilepostPolicy
import Testing

@testable import MilepostService

/// In the running unit, officer actions on notices go to the policy's hash-chained audit log.
@Suite struct NoticePolicyAuditTests {
    @Test func aDispositionIsAChainedAuditEntryUnderTheOfficer() async throws {
        let fixture = try PolicyUnitFixture()
        let sink = PolicyNoticeAuditSink(recorder: fixture.unit.audit, unitID: "unit-7")
        try await sink.record(NoticeAuditEvent(action: .dispositionRecorded, officer: "badge-311", noticeSequence: 12,
                                               noticeID: "n-12", detail: "wrong_state: NH plate", atMillis: 0))
        let entry = try #require(fixture.auditEntries.last)
        #expect(entry.event == "notice.disposition")
        #expect(entry.actor.id == "officer:badge-311")
        #expect(entry.object == "notice:12 (n-12)")
        #expect(entry.outcome == .recorded(detail: "wrong_state: NH plate"))
        #expect(fixture.verifyAudit().isIntact)
    }
}
