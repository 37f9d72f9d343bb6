import Foundation
import MilepostCore
import MilepostSystem

/// The unit's own state files: written by the service user only, readable by it only.
public enum PolicyStateFiles {
    public static let permissions: UInt32 = 0o600
}

/// Holds `revocations.paseto`, `time-floor` and `search-uses.json` at least where the audit log
/// says they must be, so that deleting or replacing one cannot roll the policy back.
///
/// At open, the state read from the files is raised to what the log records (the latest entry
/// time, each approval's `search.authorized` count, the highest revocation list installed, put
/// back from the token its install entry carries). A revocation list the log records but cannot
/// give back leaves capture and searches refused until that version or a newer one is installed.
/// While the unit runs, each capture evaluation and each search first `stat`s the three files;
/// a file that is missing, or whose size, mode or owner changed, is read and rewritten from
/// memory if it is behind. Every rebuild and refusal is audited and kept for `/status`.
public final class PolicyStateReconciler: @unchecked Sendable {  // `watched` and `rebuilt` are read and written only under `lock`
    public static let rebuiltEvent = "policy.state-rebuilt"
    public static let refusedEvent = "policy.state-refused"

    private let layout: UnitPolicyLayout
    private let fileSystem: any FileSystem
    private let unitID: UnitID
    private let revocations: RevocationRegistry
    private let timeFloor: TimeFloor
    private let searchUses: FileSearchUseLedger
    private let audit: AuditLog
    private let lock = NSLock()
    private var watched: [String: FileStatus?] = [:]
    private var rebuilt: [String] = []
    /// The revocation list version the log records as installed but could not give back.
    private let requiredRevocationVersion: Int?

    init(layout: UnitPolicyLayout, fileSystem: any FileSystem, unitID: UnitID, revocations: RevocationRegistry, timeFloor: TimeFloor,
         searchUses: FileSearchUseLedger, audit: AuditLog) throws {
        self.layout = layout
        self.fileSystem = fileSystem
        self.unitID = unitID
        self.revocations = revocations
        self.timeFloor = timeFloor
        self.searchUses = searchUses
        self.audit = audit
        let logged = AuditedPolicyState(entries: try audit.wholeEntries())
        var required: Int?
        var rebuilt = [String]()
        if let latest = logged.latestTime, latest > timeFloor.floor {
            let missing = !(try fileSystem.isPresent(layout.timeFloor))
            let behind = latest.milliseconds(since: timeFloor.floor)
            try timeFloor.raise(to: latest)
            // The floor is written at most once per interval, so a small lag is normal.
            if missing || behind > timeFloor.persistIntervalSeconds * 1000 {
                rebuilt.append("\(layout.timeFloor): raised to \(latest), the time of the last audit entry (the file was \(missing ? "missing" : "\(behind / 1000) s behind"))")
            }
        }
        for (approvalID, count) in logged.searchUses.sorted(by: { $0.key < $1.key }) {
            let held = try searchUses.uses(of: approvalID)
            if try searchUses.raise(approvalID, toAtLeast: count) {
                rebuilt.append("\(layout.searchUses): uses of search approval \(approvalID) raised from \(held) to \(count), the searches the audit log records")
            }
        }
        if let install = logged.revocationList, install.version > revocations.current?.version ?? 0 {
            let held = revocations.current.map { "held version \($0.version)" } ?? "was missing"
            if let token = install.token, (try? revocations.restore(installedToken: token, document: "audit log: revocation list version \(install.version)")) == true {
                rebuilt.append("\(layout.revocationList): rebuilt revocation list version \(install.version) from the audit log (the file \(held))")
            } else {
                required = install.version
            }
        }
        requiredRevocationVersion = required
        if let refusal {
            try audit.record(AuditEvent(type: Self.refusedEvent, actor: .unit(unitID), source: "local", object: layout.revocationList, outcome: .denied(reason: refusal.message)))
        }
        for detail in rebuilt { try record(rebuilt: detail) }
        self.rebuilt = rebuilt
        try lock.withLock { try checkFilesLocked() }
    }

    /// Why capture and searches must stay off, or nil.
    public var refusal: PolicyError? {
        guard let required = requiredRevocationVersion else { return nil }
        let held = revocations.current?.version
        if let held, held >= required { return nil }
        return PolicyError(.stateBehindAuditLog, "\(layout.revocationList) \(held.map { "holds version \($0)" } ?? "is missing"), but the audit log records revocation list version \(required) as installed, and its install entry holds no list that verifies (written before install entries carried the list); capture and searches are refused until version \(required) or newer is installed")
    }

    /// What was rebuilt since open, one line each.
    public var rebuiltState: [String] { lock.withLock { rebuilt } }

    /// Stats the state files and repairs any that changed since last looked at; then returns
    /// `refusal`. Called before each capture evaluation and each search.
    public func check() -> PolicyError? {
        lock.withLock {
            // A repair that fails (a full disk) leaves the state in memory in force for this
            // boot; the file is looked at again on the next check.
            _ = try? checkFilesLocked()
        }
        return refusal
    }

    private func checkFilesLocked() throws {
        let files: [(path: String, repair: (Bool) throws -> Bool)] = [
            (layout.revocationList, revocations.repairFile), (layout.timeFloor, timeFloor.repairFile), (layout.searchUses, searchUses.repairFile),
        ]
        for (path, repair) in files {
            let status = try? fileSystem.status(path)
            // A missing file is always looked into: the unit may have written it since last seen.
            if status != nil, let seen = watched[path], seen == status { continue }
            if try repair(false) {
                let detail = "\(path): rewritten from the unit's state in memory (the file was \(status == nil ? "missing" : "behind it"))"
                try record(rebuilt: detail)
                rebuilt.append(detail)
            } else if let status, status.permissions.rawValue & 0o777 != PolicyStateFiles.permissions {
                _ = try repair(true)  // written by an older version with mode 0644
            }
            watched[path] = try? fileSystem.status(path)
        }
    }

    private func record(rebuilt detail: String) throws {
        try audit.record(AuditEvent(type: Self.rebuiltEvent, actor: .unit(unitID), source: "local", object: "policy state", outcome: .recorded(detail: detail)))
    }
}
