import Foundation
import Hummingbird
import HummingbirdTesting
import MilepostHotlist
import MilepostPolicy
import MilepostTesting
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting
import SystemPackage

/// In the running unit, officer actions on notices go to the policy's hash-chained audit log.
@Suite struct NoticePolicyAuditTests {
    @Test func aDispositionIsAChainedAuditEntryUnderTheOfficer() async throws {
        let fixture = try PolicyUnitFixture()
        let sink = PolicyNoticeAuditSink(recorder: fixture.unit.audit, unitID: "unit-7", queue: SerialLane(label: "test.policy", pool: .forTests))
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
        let queue = SerialLane(label: "test.policy", pool: .forTests)
        let witness = QueueWitness(queue)
        let sink = PolicyNoticeAuditSink(recorder: WitnessedRecorder(fixture.unit.audit, witness: witness), unitID: "unit-7", queue: queue)
        try await sink.record(NoticeAuditEvent(action: .streamOpened, officer: "badge-311", noticeSequence: nil, noticeID: nil,
                                               detail: "new stream", atMillis: 0))
        try await sink.record(NoticeAuditEvent(action: .dispositionRecorded, officer: "badge-311", noticeSequence: 12,
                                               noticeID: "n-12", detail: "misread", atMillis: 0))
        #expect(witness.calls == 2 && witness.allOnQueue)
        #expect(fixture.auditEntries.suffix(2).map(\.event) == ["notice.stream.opened", "notice.disposition"])
    }

    /// The unit's disk fills up: a disposition is refused with a JSON error and is neither stored
    /// nor audited as recorded, and the audit log stays intact for the next one.
    @Test func aFullDiskRefusesADispositionWithoutBreakingTheAuditLog() async throws {
        let fixture = try PolicyUnitFixture()
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let dispositions = try DispositionStore(directory: "/o/dispositions", fileSystem: files)
        try outbox.commit(makeNotice("n-1"))
        let sink = PolicyNoticeAuditSink(recorder: fixture.unit.audit, unitID: "unit-7", queue: SerialLane(label: "test.policy", pool: .forTests))
        let router = Router()
        NoticeRoutes(outbox: outbox, dispositions: dispositions, tokens: try OfficerTokens(fileContents: OfficerTokens.line(officer: "badge-311", token: NoticeHarness.token) + "\n"),
                     audit: sink, clock: clock, queue: SerialLane(label: "test.notices", pool: .forTests)).add(to: router)
        let post = { @Sendable (client: any TestClientProtocol) async throws -> HTTPResponse.Status in
            try await client.execute(uri: "/api/notices/1/disposition", method: .post, headers: NoticeHarness.jsonAuth,
                                     body: ByteBuffer(string: #"{"disposition":"confirmed_hit"}"#)) { $0.status }
        }
        let entriesBefore = fixture.auditEntries.count
        let statuses = try await Application(router: router).test(.router) { client in
            files.failMutations(after: 0, with: .noSpace)
            fixture.auditStorage.failAppends(errno: ENOSPC, afterWriting: 40)
            let diskFull = try await post(client)
            files.clearFault()
            let auditLogFull = try await post(client)  // stored, then taken back
            fixture.auditStorage.failAppends(errno: nil)
            return [diskFull, auditLogFull, try await post(client)].map(\.code)
        }
        #expect(statuses == [507, 503, 201])
        #expect(try dispositions.records(for: 1).count == 1)
        #expect(fixture.auditEntries.dropFirst(entriesBefore).map(\.event) == ["notice.disposition"])
        #expect(fixture.verifyAudit().isIntact)
    }
}
