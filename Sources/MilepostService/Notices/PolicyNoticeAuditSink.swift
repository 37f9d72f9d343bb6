import MilepostCore
import MilepostPolicy
import MilepostSystem

/// Audits officer actions on notices in the policy module's hash-chained audit log, under the
/// officer named by their token. The record is durable before this returns; when the log
/// cannot be written the action is refused. The write (an fsync) runs on `queue`, the unit's
/// policy queue that every audit writer of the service shares, so entries keep their order.
public struct PolicyNoticeAuditSink: NoticeAuditSink {
    let recorder: any AuditRecorder
    let unitID: UnitID
    let queue: SerialLane

    public init(recorder: any AuditRecorder, unitID: UnitID, queue: SerialLane) {
        self.recorder = recorder
        self.unitID = unitID
        self.queue = queue
    }

    public func record(_ event: NoticeAuditEvent) async throws {
        let object = event.noticeSequence.map { "notice:\($0)" + (event.noticeID.map { " (\($0))" } ?? "") } ?? "notices:\(unitID)"
        let entry = AuditEvent(type: event.action.rawValue, actor: AuditActor(id: "officer:\(event.officer)", organisation: ""),
                               source: "unit:\(unitID)", object: object, outcome: .recorded(detail: event.detail))
        try await queue.run { [recorder] in _ = try recorder.record(entry) }
    }
}
