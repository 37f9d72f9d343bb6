import MilepostCore
import MilepostPolicy

/// What the unit holds and until when (`milepost auth status`, as JSON for the API). It names
/// documents by id and state only: no requester names, case numbers or plates, so that it can
/// be shown to anyone who may see the unit's status.
public struct PolicyStatusReport: Codable, Equatable, Sendable {
    public struct Capture: Codable, Equatable, Sendable {
        public var permitted: Bool
        public var authorizationID: String?
        public var validUntil: UTCTime?
        public var refusal: String?
    }

    public struct RevocationListState: Codable, Equatable, Sendable {
        public var version: Int
        public var revoked: Int
        public var expires: UTCTime
        /// An expired list blocks every search until a fresh one is installed.
        public var fresh: Bool
    }

    public struct Authorization: Codable, Equatable, Sendable {
        public var id: String
        public var serial: Int
        public var notBefore: UTCTime
        public var until: UTCTime
        public var state: String
    }

    public struct Approval: Codable, Equatable, Sendable {
        public var file: String
        public var id: String?
        public var expires: UTCTime?
        public var uses: Int?
        public var maxUses: Int?
        public var state: String
    }

    public var unit: UnitID
    public var clock: UTCTime
    public var timeFloor: UTCTime
    public var clockRollback: String?
    public var capture: Capture
    public var revocationList: RevocationListState?
    public var authorizations: [Authorization]
    /// Installed authorizations that no longer verify, and why (kept as evidence).
    public var unusableAuthorizations: [String]
    public var searchApprovals: [Approval]
    public var auditEntries: Int
    public var auditHead: String
    /// State files rebuilt from the audit log or from memory since the unit opened, one line each.
    public var stateRebuilt: [String]?
    /// Why a state file behind the audit log keeps capture and searches off, or nil.
    public var stateRefusal: String?

    public init(_ unit: UnitPolicy) throws {
        let now = unit.now
        self.unit = unit.unitID
        clock = now
        timeFloor = unit.timeFloor.floor
        clockRollback = unit.timeFloor.refusal(unit.timeFloor.check(now))?.message
        switch unit.deploymentGuard.captureDecision() {
        case .permitted(let permit):
            capture = Capture(permitted: true, authorizationID: permit.authorizationID, validUntil: permit.validUntil, refusal: nil)
        case .refused(let refusal):
            capture = Capture(permitted: false, authorizationID: nil, validUntil: nil, refusal: refusal.reason)
        }
        revocationList = unit.revocations.current.map {
            RevocationListState(version: $0.version, revoked: $0.revoked.count, expires: $0.expires, fresh: now < $0.expires)
        }
        let installed = try unit.installedAuthorizations()
        authorizations = installed.valid.map { verified in
            let a = verified.document
            let until = min(a.expires, verified.authorityExpires)
            let state = now < a.notBefore ? "pending" : now >= until ? "expired" : "in force"
            return Authorization(id: a.id, serial: a.serial, notBefore: a.notBefore, until: until, state: state)
        }
        unusableAuthorizations = installed.rejected.map(\.message)
        searchApprovals = try unit.installedSearchApprovals().map { path, result in
            let file = String(path.split(separator: "/").last ?? Substring(path))
            switch result {
            case .success(let verified):
                let s = verified.document
                let uses = try unit.searchUses.uses(of: s.id)
                let state = unit.revocations.revokedIDs.contains(s.id) ? "revoked"
                    : now >= s.expires ? "expired" : uses >= s.maxUses ? "used up" : now < s.notBefore ? "pending" : "usable"
                return Approval(file: file, id: s.id, expires: s.expires, uses: uses, maxUses: s.maxUses, state: state)
            case .failure(let error):
                return Approval(file: file, id: nil, expires: nil, uses: nil, maxUses: nil, state: "not usable: \(error.message)")
            }
        }
        let head = unit.audit.head
        auditEntries = head.count
        auditHead = head.hash
        let rebuilt = unit.stateReconciler.rebuiltState
        stateRebuilt = rebuilt.isEmpty ? nil : rebuilt
        stateRefusal = unit.stateReconciler.refusal?.message
    }
}
