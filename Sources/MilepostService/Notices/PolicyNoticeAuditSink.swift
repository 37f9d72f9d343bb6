import MilepostPolicy

/// Audits officer actions on notices in the policy module's hash-chained audit log, under the
/// officer named by their token. The record is durable before this returns; when the log
/// cannot be written the action is refused.
public struct PolicyNoticeAuditSink: NoticeAuditSink {
    let recorder: any AuditRecorder
    let unitID: String

    public init(recorder: any AuditRecorder, unitID: String) {
        self.recorder = recorder
        self.unitID = unitID
    }

    public func record(_ event: NoticeAuditEvent) async throws {
        let object = event.noticeSequence.map { "notice:\($0)" + (event.noticeID.map { " (\($0))" } ?? "") } ?? "notices:\(unitID)"
        try recorder.record(AuditEvent(type: event.action.rawValue, actor: AuditActor(id: "officer:\(event.officer)", organisation: ""),
                                       source: "unit:\(unitID)", object: object, outcome: .recorded(detail: event.detail)))
    }
}
