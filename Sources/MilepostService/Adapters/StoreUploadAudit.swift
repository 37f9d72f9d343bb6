import MilepostCore
import MilepostPolicy
import MilepostStorage

/// The audit entry for reads the ring overwrote before the uploader could send them to the
/// department server: how many and their sequence range. The next batch reports the same
/// count to the server (`overwrittenBeforeUpload`), so neither side loses them silently.
public enum StoreUploadAudit {
    public static let overwrittenType = "store.overwritten-before-upload"

    public static func event(for overwritten: OverwrittenBeforeUpload, unitID: UnitID) -> AuditEvent {
        let range = "\(overwritten.sequences.lowerBound)...\(overwritten.sequences.upperBound)"
        return AuditEvent(
            type: overwrittenType, actor: .unit(unitID), source: "local", object: "reads \(range)",
            outcome: .recorded(detail: "the ring overwrote \(overwritten.count) read(s) in sequences \(range) before they were "
                + "uploaded to the department server (unreachable or slower than capture); the next batch reports them"))
    }
}
