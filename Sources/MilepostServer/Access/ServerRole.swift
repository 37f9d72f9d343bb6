import MilepostPolicy

/// What a token's holder may do on the server (docs/server.md, "Access").
public enum ServerRole: String, Codable, Sendable, CaseIterable, Comparable {
    /// Runs the server: issues holds, installs revocation lists, may search.
    case supervisor
    /// Watches hit notices and records dispositions.
    case officer
    /// Reads the audit trail and usage reports.
    case auditor
    /// Runs searches under a signed search approval naming them.
    case searcher

    public init(parsing text: String) throws(AccessTokenError) {
        guard let role = ServerRole(rawValue: text) else {
            throw .invalidRole(text)
        }
        self = role
    }

    public static func < (a: ServerRole, b: ServerRole) -> Bool { a.rawValue < b.rawValue }

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The holder of a valid token: who made a request, as the audit log records them, and their role.
public struct ServerIdentity: Sendable, Equatable {
    /// The holder's id (badge or employee number); a search approval's requester id must be it.
    public var holderID: String
    /// The token's name (for example the device it was issued for).
    public var tokenName: String
    public var role: ServerRole

    public init(holderID: String, tokenName: String, role: ServerRole) {
        self.holderID = holderID
        self.tokenName = tokenName
        self.role = role
    }

    public var actor: AuditActor { AuditActor(id: holderID, organisation: "") }
}
