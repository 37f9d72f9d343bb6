import MilepostCore
import MilepostPolicy
import MilepostStorage

/// The audit entries for what the read store's recovery found at open: one per damaged
/// region that cost acknowledged reads, naming the sequence range, and one for the damage
/// that cost none. An unacknowledged torn tail is no finding and gets no entry.
public enum StoreRecoveryAudit {
    public static func events(for report: RecoveryReport, unitID: UnitID) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for region in report.damage {
            guard let lost = region.lostSequences else { continue }
            events.append(AuditEvent(
                type: "store.reads-lost", actor: .unit(unitID), source: "local",
                object: "reads \(lost.lowerBound)...\(lost.upperBound)",
                outcome: .recorded(detail: "\(lost.count) acknowledged read(s) lost to damage: \(region)")))
        }
        let harmless = report.problemCount - events.count
        if harmless > 0 {
            events.append(AuditEvent(
                type: "store.damage", actor: .unit(unitID), source: "local", object: "read store",
                outcome: .recorded(detail: "\(harmless) damaged place(s) that cost no acknowledged read; run `milepost store verify`")))
        }
        return events
    }

    /// Records the events in `audit`.
    public static func record(_ report: RecoveryReport, unitID: UnitID, audit: any AuditRecorder) throws {
        for event in events(for: report, unitID: unitID) { try audit.record(event) }
    }
}
