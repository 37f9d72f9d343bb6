import MilepostPolicy
import Testing

@testable import MilepostService

/// In the running unit, officer actions on notices go to the policy's hash-chained audit log.
@Suite struct NoticePolicyAuditTests {
    @Test func aDispositionIsAChainedAuditEntryUnderTheOfficer() async throws {
        let fixture = try PolicyUnitFixture()
        let sink = PolicyNoticeAuditSink(recorder: fixture.unit.audit, unitID: "unit-7", queue: BlockingQueue(label: "test.policy"))
        try await sink.record(NoticeAuditEvent(action: .dispositionRecorded, officer: "badge-311", noticeSequence: 12,
                                               noticeID: "n-12", detail: "wrong_state: NH plate", atMillis: 0))
        let entry = try #require(fixture.auditEntries.last)
        #expect(entry.event == "notice.disposition")
        #expect(entry.actor.id == "officer:badge-311")
        #expect(entry.object == "notice:12 (n-12)")
        #expect(entry.outcome == .recorded(detail: "wrong_state: NH plate"))
        #expect(fixture.verifyAudit().isIntact)
    }

    /// Notes whether each audit write ran on the policy queue.
    final class WitnessedRecorder: AuditRecorder {
        let inner: any AuditRecorder
        let witness: QueueWitness
        init(_ inner: any AuditRecorder, witness: QueueWitness) {
            self.inner = inner
            self.witness = witness
        }
        func record(_ event: AuditEvent) throws -> AuditEntry {
            witness.note()
            return try inner.record(event)
        }
    }

    @Test func theAuditWriteRunsOnThePolicyQueue() async throws {
        let fixture = try PolicyUnitFixture()
        let queue = BlockingQueue(label: "test.policy")
        let witness = QueueWitness(queue)
        let sink = PolicyNoticeAuditSink(recorder: WitnessedRecorder(fixture.unit.audit, witness: witness), unitID: "unit-7", queue: queue)
        try await sink.record(NoticeAuditEvent(action: .streamOpened, officer: "badge-311", noticeSequence: nil, noticeID: nil,
                                               detail: "new stream", atMillis: 0))
        try await sink.record(NoticeAuditEvent(action: .dispositionRecorded, officer: "badge-311", noticeSequence: 12,
                                               noticeID: "n-12", detail: "misread", atMillis: 0))
        #expect(witness.calls == 2 && witness.allOnQueue)
        #expect(fixture.auditEntries.suffix(2).map(\.event) == ["notice.stream.opened", "notice.disposition"])
    }
}
