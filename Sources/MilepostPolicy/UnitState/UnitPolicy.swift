import Foundation
import MilepostCore
import MilepostSystem

/// Where a unit keeps its policy state (see docs/POLICY-FORMATS.md §Unit state directory).
public struct UnitPolicyLayout: Sendable {
    public var root: String

    public init(root: String) { self.root = root }

    public var chiefPublicKey: String { joinPath(root, "chief.pub") }
    public var unitKey: String { joinPath(root, "unit.key") }
    public var unitPublicKey: String { joinPath(root, "unit.pub") }
    public var authorizations: String { joinPath(root, "authorizations") }
    public var searchApprovals: String { joinPath(root, "search-approvals") }
    public var revocationList: String { joinPath(root, "revocations.paseto") }
    public var timeFloor: String { joinPath(root, "time-floor") }
    public var searchUses: String { joinPath(root, "search-uses.json") }
    public var auditLog: String { joinPath(root, "audit.log") }
    public var auditCheckpoints: String { joinPath(root, "audit-checkpoints") }
    /// The current audit seal epoch and key; absent on a unit provisioned without one.
    public var auditSealKey: String { joinPath(root, "audit-seal.key") }
}

/// Everything policy on one unit, wired from its state directory: the trust anchor, the unit
/// key, installed documents, the revocation list, the time floor, the audit log, the deployment
/// guard and the search gate. The service and the CLI both use this.
public final class UnitPolicy: Sendable {
    public let layout: UnitPolicyLayout
    public let unitKey: PolicySigningKey
    public let chiefKey: PolicyPublicKey
    public let documents: DocumentVerifier
    public let targeting: TargetingVerifier
    public let revocations: RevocationRegistry
    public let timeFloor: TimeFloor
    public let audit: AuditLog
    public let deploymentGuard: PolicyDeploymentGuard
    public let searchGate: SearchGate
    public let searchUses: SearchUseLedger
    public let stateReconciler: PolicyStateReconciler
    private let fileSystem: any FileSystem
    private let clock: WallClock
    private let lock = NSLock()

    public let unitID: UnitID
    public var now: UTCTime { clock.now() }

    public init(layout: UnitPolicyLayout, fileSystem: any FileSystem, clock: WallClock, limits: PolicyLimits = .default,
                openAuditStorage: (String) throws -> AuditStorage) throws {
        self.layout = layout
        self.fileSystem = fileSystem
        self.clock = clock
        let keys = KeyStore(fileSystem: fileSystem)
        chiefKey = try keys.loadPublicKey(layout.chiefPublicKey, role: .chief)
        unitKey = try keys.loadSigningKey(layout.unitKey, role: .unit)
        do { unitID = try UnitID(unitKey.holder.name) } catch {
            throw PolicyError(.malformedKeyFile, "\(layout.unitKey): the key's name is the unit's id, and \(error)")
        }
        documents = try DocumentVerifier(chief: chiefKey)
        targeting = TargetingVerifier(documents: documents, unitID: unitID, limits: limits)
        revocations = try RevocationRegistry(fileSystem: fileSystem, path: layout.revocationList, documents: documents)
        timeFloor = try TimeFloor(fileSystem: fileSystem, path: layout.timeFloor, leewaySeconds: limits.clockLeewaySeconds)
        let sealKeys = try fileSystem.isPresent(layout.auditSealKey) ? AuditSealKeyFile(fileSystem: fileSystem, path: layout.auditSealKey) : nil
        audit = try AuditLog(storage: try openAuditStorage(layout.auditLog), checkpoints: try openAuditStorage(layout.auditCheckpoints), clock: clock,
                             sealKeys: sealKeys, sealEveryEntries: limits.auditSealEveryEntries)
        // After the audit log's lock is held: no other process opening this state writes now.
        try layout.removeLeftoverTemporaries(fileSystem: fileSystem)
        let fileSearchUses = try FileSearchUseLedger(fileSystem: fileSystem, path: layout.searchUses)
        searchUses = fileSearchUses
        let reconciler = try PolicyStateReconciler(layout: layout, fileSystem: fileSystem, unitID: unitID, revocations: revocations, timeFloor: timeFloor,
                                                   searchUses: fileSearchUses, audit: audit)
        stateReconciler = reconciler
        deploymentGuard = PolicyDeploymentGuard(unitID: unitID, organisation: unitKey.holder.organisation, clock: clock, timeFloor: timeFloor, audit: audit,
                                                stateCheck: { reconciler.check() })
        searchGate = SearchGate(unitID: unitID, documents: documents, revocations: revocations, timeFloor: timeFloor, ledger: searchUses, audit: audit, clock: clock,
                                stateCheck: { reconciler.check() })
        try fileSystem.createDirectory(layout.authorizations, permissions: 0o755)
        try fileSystem.createDirectory(layout.searchApprovals, permissions: 0o755)
        try reloadGuard()
    }

    /// Opens a real state directory on this machine.
    public static func open(root: String, clock: WallClock = SystemWallClock(), limits: PolicyLimits = .default) throws -> UnitPolicy {
        try UnitPolicy(layout: UnitPolicyLayout(root: root), fileSystem: DiskFileSystem(), clock: clock, limits: limits,
                       openAuditStorage: { try FileAuditStorage(path: $0) })
    }

    /// Installed authorizations that still verify now (signature, chain, unit, not expired).
    /// Ones that no longer verify are reported, not deleted: they are evidence.
    public func installedAuthorizations() throws -> (valid: [Verified<TargetingAuthorization>], rejected: [PolicyError]) {
        var valid = [Verified<TargetingAuthorization>]()
        var rejected = [PolicyError]()
        let now = clock.now()
        for name in try fileSystem.listDirectoryIfPresent(layout.authorizations) where name.hasSuffix(".paseto") {
            let path = joinPath(layout.authorizations, name)
            do {
                valid.append(try targeting.verifyForInstall(try fileSystem.readText(path), now: now, revoked: revocations.revokedIDs, document: path))
            } catch let error as PolicyError {
                rejected.append(error)
            }
        }
        return (valid, rejected)
    }

    public func installedSearchApprovals() throws -> [(path: String, result: Result<Verified<SearchApproval>, PolicyError>)] {
        let now = clock.now()
        return try fileSystem.listDirectoryIfPresent(layout.searchApprovals).filter { $0.hasSuffix(".paseto") }.map { name in
            let path = joinPath(layout.searchApprovals, name)
            do {
                return (path, .success(try documents.verify(try fileSystem.readText(path), as: SearchApproval.self, now: now, revoked: revocations.revokedIDs, document: path)))
            } catch let error as PolicyError {
                return (path, .failure(error))
            }
        }
    }

    private func reloadGuard() throws {
        deploymentGuard.update(authorizations: try installedAuthorizations().valid, revoked: revocations.revokedIDs)
    }

    public enum Installed: Equatable, Sendable, CustomStringConvertible {
        case targetingAuthorization(id: String, serial: Int)
        case revocationList(version: Int)
        case searchApproval(id: String)

        public var description: String {
            switch self {
            case .targetingAuthorization(let id, let serial): return "targeting authorization \(id) serial \(serial)"
            case .revocationList(let version): return "revocation list version \(version)"
            case .searchApproval(let id): return "search approval \(id)"
            }
        }
    }

    /// Verifies a signed document and installs it; audits the outcome either way.
    @discardableResult
    public func install(token rawToken: String, actor: AuditActor, source: String, document: String) throws -> Installed {
        let token = rawToken.trimmingCharacters(in: .whitespacesAndNewlines)
        let now = clock.now()
        do {
            if let error = timeFloor.refusal(timeFloor.evaluate(now)) { throw error }
            let footer = try SignedDocument.footer(of: token, document: document)
            let installed: Installed
            var outcome = AuditOutcome.allowed(resultCount: nil)
            switch footer.typ {
            case .targetingAuthorization:
                let verified = try targeting.verifyForInstall(token, now: now, revoked: revocations.revokedIDs, document: document)
                let path = joinPath(layout.authorizations, verified.document.id + ".paseto")
                if try fileSystem.isPresent(path) {
                    let held = try? SignedDocument.unverifiedPayload(of: try fileSystem.readText(path), as: TargetingAuthorization.self, document: path)
                    if let held, held.serial >= verified.document.serial {
                        throw PolicyError(.staleSerial, "\(document): authorization \(verified.document.id) serial \(verified.document.serial) is not newer than the installed serial \(held.serial)")
                    }
                }
                try timeFloor.raise(to: verified.document.issuedAt)
                try fileSystem.writeFileAtomically(path, Array((token + "\n").utf8), permissions: PolicyStateFiles.permissions)
                installed = .targetingAuthorization(id: verified.document.id, serial: verified.document.serial)
            case .revocationList:
                let verified = try revocations.install(token, now: now, document: document) { [timeFloor] list in
                    try timeFloor.raise(to: list.issuedAt)
                }
                installed = .revocationList(version: verified.document.version)
                outcome = RevocationListInstallRecord.outcome(for: verified.document, token: token)
            case .searchApproval:
                let verified = try documents.verify(token, as: SearchApproval.self, now: now, revoked: revocations.revokedIDs, document: document)
                if !verified.document.units.contains(unitID) {
                    throw PolicyError(.unitNotCovered, "\(document): search approval \(verified.document.id) does not cover unit \(unitID)")
                }
                try fileSystem.writeFileAtomically(joinPath(layout.searchApprovals, verified.document.id + ".paseto"), Array((token + "\n").utf8), permissions: PolicyStateFiles.permissions)
                installed = .searchApproval(id: verified.document.id)
            case .delegation, .auditCheckpoint, .hotlistApproval:
                throw PolicyError(.wrongDocumentKind, Self.notInstallable(footer.typ, document: document))
            }
            try audit.record(AuditEvent(type: "policy.installed", actor: actor, source: source, object: "\(installed)", outcome: outcome))
            try reloadGuard()
            return installed
        } catch let error as PolicyError {
            _ = try? audit.record(AuditEvent(type: "policy.install-refused", actor: actor, source: source, object: document, outcome: .denied(reason: error.message)))
            throw error
        }
    }

    /// Why a document of `kind` cannot be installed as a policy document.
    public static func notInstallable(_ kind: DocumentKind, document: String) -> String {
        let installable = "units install targeting authorizations, search approvals and revocation lists"
        switch kind {
        case .hotlistApproval:
            return "\(document) is a hotlist approval; it is installed with its list: milepost hotlist import LIST-FILE --approval \(document)"
        default:
            return "\(document) is a \(kind.displayName); \(installable) (delegations travel inside them)"
        }
    }
}
