import Logging
import MilepostPolicy

/// Writes the service's own events (capture started or stopped, outputs made safe) to the
/// policy module's hash-chained audit log, as the unit.
public struct PolicyAuditSink: ServiceAuditing {
    let recorder: any AuditRecorder
    let unitID: String
    let logger: Logger

    public init(recorder: any AuditRecorder, unitID: String, logger: Logger) {
        self.recorder = recorder
        self.unitID = unitID
        self.logger = logger
    }

    public func record(event: String, detail: String) async {
        let entry = AuditEvent(type: event, actor: .unit(unitID), source: "local", object: "unit:\(unitID)",
                               outcome: .recorded(detail: detail))
        do {
            try recorder.record(entry)
        } catch {
            // The audit log failing is itself an alarm; the capture state change still stands.
            logger.critical("audit log write failed", metadata: ["event": "\(event)", "error": "\(error)"])
        }
    }
}
