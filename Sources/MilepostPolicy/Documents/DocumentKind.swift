/// The kinds of signed document. The raw value is written in the token footer (`typ`) and is
/// also the PASETO implicit assertion, so a signature made for one kind never verifies as
/// another (a delegation cannot be replayed as an authorization).
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case delegation = "milepost.delegation.v1"
    case targetingAuthorization = "milepost.targeting-authorization.v1"
    case searchApproval = "milepost.search-approval.v1"
    case revocationList = "milepost.revocation-list.v1"
    case hotlistApproval = "milepost.hotlist-approval.v1"
    case auditCheckpoint = "milepost.audit-checkpoint.v1"

    public var displayName: String {
        switch self {
        case .delegation: return "delegation"
        case .targetingAuthorization: return "targeting authorization"
        case .searchApproval: return "search approval"
        case .revocationList: return "revocation list"
        case .hotlistApproval: return "hotlist approval"
        case .auditCheckpoint: return "audit checkpoint"
        }
    }

    var implicitAssertion: [UInt8] { Array(rawValue.utf8) }
}

/// What a delegation lets a designee approve.
public enum ApprovalScope: String, Codable, Sendable, CaseIterable {
    case targeting
    case search
    case revocation
    /// Hotlist approvals of either kind; a targeted list also needs `targeting`.
    case hotlists
    /// Routine hotlist approvals only (statewide or NCIC extracts), e.g. for a nightly feed.
    case routineHotlists = "routine-hotlists"
}

/// The person who approved a document, as written in it. `keyID` must be the signing key.
public struct ApprovingOfficial: Codable, Equatable, Sendable {
    public var name: String
    public var role: KeyRole
    public var keyID: KeyID

    public init(name: String, role: KeyRole, keyID: KeyID) {
        self.name = name
        self.role = role
        self.keyID = keyID
    }

    public init(key: PolicySigningKey) {
        self.init(name: key.holder.name, role: key.holder.role, keyID: key.id)
    }
}
