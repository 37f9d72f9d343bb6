import Logging

/// Where officer actions on notices are audited. The unit connects this to the policy
/// module's tamper-evident audit log; tests use a recorder.
public protocol NoticeAuditSink: Sendable {
    /// Must not return before the event is durable; a throw refuses the action.
    func record(_ event: NoticeAuditEvent) async throws
}

public struct NoticeAuditEvent: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        case dispositionRecorded = "notice.disposition"
        /// A disposition the unit could not store (a full disk); it was not recorded.
        case dispositionFailed = "notice.disposition.failed"
        case streamOpened = "notice.stream.opened"
    }

    public var action: Action
    public var officer: String
    public var noticeSequence: UInt64?
    public var noticeID: String?
    public var detail: String
    public var atMillis: Int64
}

/// Writes audit events to a logger only: for tools and demos, not for a deployed unit.
public struct LoggingNoticeAuditSink: NoticeAuditSink {
    let logger: Logger
    public init(logger: Logger) { self.logger = logger }

    public func record(_ event: NoticeAuditEvent) async throws {
        logger.notice("audit", metadata: [
            "action": "\(event.action.rawValue)", "officer": "\(event.officer)",
            "notice": "\(event.noticeSequence.map(String.init) ?? "-")", "detail": "\(event.detail)",
        ])
    }
}
