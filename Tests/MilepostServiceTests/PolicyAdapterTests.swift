import Logging
@testable import MilepostPolicy
import Testing
@testable import MilepostService

@Suite struct PolicyAdapterTests {
    final class FixedGuard: DeploymentGuard, @unchecked Sendable {
        let decision: MilepostPolicy.CaptureDecision
        init(_ decision: MilepostPolicy.CaptureDecision) { self.decision = decision }
        func captureDecision() -> MilepostPolicy.CaptureDecision { decision }
        var nextChangeDeadline: UTCTime { UTCTime(millisecondsSinceEpoch: 0) }
    }

    final class RecordingAudit: AuditRecorder, @unchecked Sendable {
        var events: [AuditEvent] = []
        var failing = false
        struct Broken: Error {}
        func record(_ event: AuditEvent) throws -> AuditEntry {
            if failing { throw Broken() }
            events.append(event)
            return AuditEntry(seq: events.count, prev: AuditEntry.genesisHash, time: "", event: event.type,
                              actor: event.actor, source: event.source, object: event.object, outcome: event.outcome)
        }
    }

    @Test func refusalCarriesTheGuardsReason() async {
        let refusal = CaptureRefusal(code: .expired, reason: "authorization TA-1 expired at 2026-11-29T00:00:00Z")
        let permission = PolicyCapturePermission(deploymentGuard: FixedGuard(.refused(refusal)))
        #expect(await permission.decision() == .refused(reason: "authorization TA-1 expired at 2026-11-29T00:00:00Z"))
    }

    @Test func auditSinkRecordsAsTheUnit() async {
        let audit = RecordingAudit()
        let sink = PolicyAuditSink(recorder: audit, unitID: "u7", logger: Logger(label: "test"))
        await sink.record(event: "capture.disabled", detail: "no authorization")
        #expect(audit.events.count == 1)
        #expect(audit.events.first?.type == "capture.disabled")
        #expect(audit.events.first?.actor == .unit("u7"))
        #expect(audit.events.first?.outcome == .recorded(detail: "no authorization"))
    }
}
