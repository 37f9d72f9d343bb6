import MilepostCore

/// The signed list of revoked document ids (authorizations, search approvals, delegations).
/// Versions strictly increase; a unit refuses any list not newer than the one it holds, and an
/// expired list blocks new searches until a fresh one is installed.
public struct RevocationList: ApprovedDocument, Equatable, KnownFields {
    public static let kind = DocumentKind.revocationList
    public static let requiredScope = ApprovalScope.revocation

    public var id: String
    public var version: Int
    public var revoked: [Revocation]
    public var expires: UTCTime
    public var approvingOfficial: ApprovingOfficial
    public var issuedAt: UTCTime
    public var delegation: String?

    public struct Revocation: Codable, Equatable, Sendable {
        public var id: String
        public var revokedAt: UTCTime
        public var reason: String

        public init(id: String, revokedAt: UTCTime, reason: String) {
            self.id = id
            self.revokedAt = revokedAt
            self.reason = reason
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "jti", version, revoked, expires = "exp", approvingOfficial, issuedAt = "iat", delegation
    }

    static let fieldNames: Set<String> = ["jti", "version", "revoked", "exp", "approvingOfficial", "iat", "delegation"]

    public init(version: Int, revoked: [Revocation], expires: UTCTime, approvingOfficial: ApprovingOfficial, issuedAt: UTCTime, delegation: String? = nil) {
        self.id = "revocation-list-\(version)"
        self.version = version
        self.revoked = revoked
        self.expires = expires
        self.approvingOfficial = approvingOfficial
        self.issuedAt = issuedAt
        self.delegation = delegation
    }

    public var revokedIDs: Set<String> { Set(revoked.map(\.id)) }

    public func validateFields(document: String) throws {
        if version < 1 { throw invalid(document, "version", "is \(version); versions start at 1") }
        try requireWindow(notBefore: issuedAt, expires: expires, document)
        for (index, entry) in revoked.enumerated() { try requireNonEmpty(entry.id, "revoked[\(index)].id", document) }
    }
}
