import MilepostCore

/// Every refusal in the policy layer. `code` is for programs and tests; `message` is for people
/// and always names the document, field or key that was wrong.
public struct PolicyError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case malformedKeyFile, insecureKeyFile, wrongKeyRole
        case malformedToken, unsupportedTokenVersion, badSignature, unknownSigningKey
        case wrongDocumentKind, invalidField
        case delegationMissing, delegationInvalid, delegationExpired, delegationOutOfScope
        case notYetValid, expired, spanTooLong, unitNotCovered, revoked
        case revocationListReplayed, revocationListMissing, revocationListExpired
        /// A state file is behind what the audit log records and cannot be rebuilt from it.
        case stateBehindAuditLog
        case clockRollback, issuedInFuture
        case searchOutOfScope, searchUsesExhausted, prohibitedQuery
        /// A hotlist's content, name or entry count is not what its approval names.
        case hotlistNotApproved
        case auditChainBroken, auditUnavailable, checkpointInvalid, staleSerial
        case io
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension PolicyError {
    /// A plate or plate pattern in a document or query that is not one.
    public init(_ error: PlateTextError) { self.init(.invalidField, error.description) }
}
