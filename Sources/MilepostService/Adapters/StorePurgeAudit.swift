import MilepostCore
import MilepostPolicy
import MilepostStorage

/// The audit entries for a retention purge of the read store: one `store.purge` naming how
/// many reads it erased and the span of their capture times, and one `store.purge-hold-kept`
/// for each held read whose ring copy it erased while the evidence copy stays under its hold.
///
/// A purge that erased nothing gets no entry: the hourly pass would otherwise add some 8,760
/// entries a year that say nothing, and a read left unerased is still visible to
/// `milepost store inspect` as "past retention", which is where a missed purge shows.
public enum StorePurgeAudit {
    public static func events(for report: PurgeReport, unitID: UnitID) -> [AuditEvent] {
        guard let span = report.erasedCaptureTimes, report.erasedCount > 0 else { return [] }
        let from = span.lowerBound.format(fractionDigits: 3)
        let to = span.upperBound.format(fractionDigits: 3)
        var events = [AuditEvent(
            type: "store.purge", actor: .unit(unitID), source: "local", object: "reads captured \(from) to \(to)",
            outcome: .recorded(detail: "erased \(report.erasedCount) read(s) with their images, captured \(from) to \(to), "
                + "past retention (before \(report.cutoff.format(fractionDigits: 3))); \(report.remainingCount) read(s) remain"))]
        for hold in report.exemptedHolds {
            events.append(AuditEvent(
                type: "store.purge-hold-kept", actor: .unit(unitID), source: "local", object: "read \(hold.sequence)",
                approvalID: hold.approvalID,
                outcome: .recorded(detail: "read \(hold.sequence) is past retention; its ring copy was erased and its evidence "
                    + "copy is kept under hold \(hold.approvalID) (held \(hold.heldAt.format(fractionDigits: 3))) until released")))
        }
        return events
    }
}
