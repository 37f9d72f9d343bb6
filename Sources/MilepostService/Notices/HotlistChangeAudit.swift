import MilepostCore
import MilepostHotlist
import MilepostPolicy

/// Writes what a load of the hotlists changed to the audit log, each with the list's content
/// hash: `hotlist.installed` (the unit starts matching a list, at start or after an import),
/// `hotlist.replaced`, `hotlist.refused` (not matched: no approval, one that does not pass,
/// or an unreadable file), `hotlist.removed`, and `hotlist.import-refused` for an import that
/// `milepost hotlist import` refused beside the running unit (its record is deleted once the
/// entry is written).
struct HotlistChangeAudit: Sendable {
    let recorder: any AuditRecorder
    let unitID: UnitID

    static func event(for change: HotlistChange, unitID: UnitID) -> AuditEvent {
        let actor = AuditActor.unit(unitID)
        switch change {
        case .installed(let name, let version, let sha256, let entryCount, let approval, let replacing):
            let approvalText = "approval \(approval.id) (\(approval.kind)) by \(approval.approvedBy), in force until \(UTCTime(millisecondsSinceEpoch: approval.until * 1000))"
            return AuditEvent(
                type: replacing == nil ? "hotlist.installed" : "hotlist.replaced", actor: actor, source: "local",
                object: "hotlist \(name) version \(version)", caseNumber: approval.caseNumber, approvalID: approval.id,
                outcome: .recorded(detail: "sha256 \(sha256), \(entryCount) entries; \(approvalText)\(replacing.map { "; replaces version \($0)" } ?? "")"))
        case .refused(let name, let version, let sha256, let reason):
            return AuditEvent(
                type: "hotlist.refused", actor: actor, source: "local", object: "hotlist \(name)\(version.map { " version \($0)" } ?? "")",
                outcome: .denied(reason: "\(sha256.map { "sha256 \($0): " } ?? "")\(reason)"))
        case .removed(let name, let version):
            return AuditEvent(type: "hotlist.removed", actor: actor, source: "local", object: "hotlist \(name) version \(version)",
                              outcome: .recorded(detail: "no longer stored; not matched"))
        case .importRefused(let refusal, _):
            let hashes = "file sha256 \(refusal.fileSHA256)" + (refusal.contentSHA256.map { ", content sha256 \($0)" } ?? "")
            return AuditEvent(type: "hotlist.import-refused", actor: AuditActor(id: "milepost hotlist import", organisation: ""), source: "cli",
                              object: "hotlist \(refusal.list) from \(refusal.sourceFile) at \(UTCTime(millisecondsSinceEpoch: refusal.refusedAt * 1000))",
                              outcome: .denied(reason: "\(hashes): \(refusal.reason)"))
        }
    }

    /// Records every change, and deletes each refused import's record once its entry is
    /// written; returns those that could not be recorded, with why.
    func record(_ changes: [HotlistChange], store: HotlistStore) -> [(HotlistChange, any Error)] {
        changes.compactMap { change in
            do {
                try recorder.record(Self.event(for: change, unitID: unitID))
                if case .importRefused(_, let record) = change { try store.discardRefusedImport(record: record) }
                return nil
            } catch {
                return (change, error)
            }
        }
    }
}
