import MilepostCore

/// The Chief's signed statement that a designee's key may approve certain kinds of document
/// until a given time. Designees cannot delegate further: only the Chief's key signs these.
public struct Delegation: Codable, Equatable, Sendable, KnownFields {
    public var id: String
    public var issuedAt: UTCTime
    public var notBefore: UTCTime
    public var expires: UTCTime
    public var chief: ApprovingOfficial
    public var designee: Designee
    public var scope: [ApprovalScope]

    public struct Designee: Codable, Equatable, Sendable {
        public var name: String
        public var organisation: String
        public var keyID: KeyID
        /// base64url of the raw 32-byte Ed25519 public key.
        public var publicKey: String
    }

    enum CodingKeys: String, CodingKey {
        case id = "jti", issuedAt = "iat", notBefore = "nbf", expires = "exp", chief, designee, scope
    }

    static let fieldNames: Set<String> = ["jti", "iat", "nbf", "exp", "chief", "designee", "scope"]

    public init(id: String, issuedAt: UTCTime, notBefore: UTCTime, expires: UTCTime, chief: PolicySigningKey, designee: PolicyPublicKey, scope: [ApprovalScope]) {
        self.id = id
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expires = expires
        self.chief = ApprovingOfficial(key: chief)
        self.designee = Designee(name: designee.holder.name, organisation: designee.holder.organisation, keyID: designee.id, publicKey: Base64URL.encode(designee.rawRepresentation))
        self.scope = scope
    }

    public func designeeKey(document: String) throws -> PolicyPublicKey {
        guard let bytes = Base64URL.decode(designee.publicKey), bytes.count == 32 else {
            throw invalid(document, "designee.publicKey", "is not base64url of 32 bytes")
        }
        let key = try PolicyPublicKey(holder: KeyHolder(role: .designee, name: designee.name, organisation: designee.organisation), rawRepresentation: bytes)
        guard key.id == designee.keyID else {
            throw invalid(document, "designee.keyID", "(\(designee.keyID)) does not match designee.publicKey (\(key.id))")
        }
        return key
    }

    func validateFields(document: String) throws {
        try requireIdentifier(id, "jti", document)
        try requireNonEmpty(designee.name, "designee.name", document)
        try requireWindow(notBefore: notBefore, expires: expires, document)
        if scope.isEmpty { throw invalid(document, "scope", "is empty; name at least one of \(ApprovalScope.allCases.map(\.rawValue).joined(separator: ", "))") }
        if chief.role != .chief { throw invalid(document, "chief.role", "is \(chief.role.rawValue); only the Chief delegates") }
    }
}
