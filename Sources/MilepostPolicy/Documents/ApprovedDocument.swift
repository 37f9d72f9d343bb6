/// A document approved by the Chief, or by a designee under a delegation that is embedded in it.
public protocol ApprovedDocument: Codable, Sendable {
    static var kind: DocumentKind { get }
    /// The delegation scope a designee needs to sign this kind.
    static var requiredScope: ApprovalScope { get }
    var id: String { get }
    var issuedAt: UTCTime { get }
    var approvingOfficial: ApprovingOfficial { get }
    /// The Chief-signed delegation token when a designee signed; nil when the Chief did.
    var delegation: String? { get }
    /// Field checks that need no key or clock (ranges, required combinations).
    func validateFields(document: String) throws
}

func requireNonEmpty(_ value: String, _ field: String, _ document: String) throws {
    if value.trimmingSpaces().isEmpty { throw invalid(document, field, "is empty") }
}

func requireWindow(notBefore: UTCTime, expires: UTCTime, _ document: String) throws {
    guard notBefore < expires else {
        throw invalid(document, "exp", "(\(expires)) is not after nbf (\(notBefore))")
    }
}
