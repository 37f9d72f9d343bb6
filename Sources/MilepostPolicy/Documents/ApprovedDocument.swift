import MilepostCore

/// A document approved by the Chief, or by a designee under a delegation that is embedded in it.
public protocol ApprovedDocument: Codable, Sendable {
    static var kind: DocumentKind { get }
    /// The delegation scope a designee needs to sign this kind.
    static var requiredScope: ApprovalScope { get }
    /// What this document needs that a delegation granting `granted` lacks, in words; nil when
    /// the delegation covers it. Most kinds need `requiredScope`; some depend on the document.
    func scopeShortfall(granted: [ApprovalScope]) -> String?
    var id: String { get }
    var issuedAt: UTCTime { get }
    var approvingOfficial: ApprovingOfficial { get }
    /// The Chief-signed delegation token when a designee signed; nil when the Chief did.
    var delegation: String? { get }
    /// Field checks that need no key or clock (ranges, required combinations).
    func validateFields(document: String) throws
}

extension ApprovedDocument {
    public func scopeShortfall(granted: [ApprovalScope]) -> String? {
        granted.contains(Self.requiredScope) ? nil : Self.requiredScope.rawValue
    }
}

func requireNonEmpty(_ value: String, _ field: String, _ document: String) throws {
    if value.trimmingSpaces().isEmpty { throw invalid(document, field, "is empty") }
}

func requireWindow(notBefore: UTCTime, expires: UTCTime, _ document: String) throws {
    guard notBefore < expires else {
        throw invalid(document, "exp", "(\(expires)) is not after nbf (\(notBefore))")
    }
}

/// Document ids name files on the unit and appear in audit entries: 1-64 characters of
/// letters, digits, '.', '_' and '-', not starting with '.'.
func requireIdentifier(_ value: String, _ field: String, _ document: String) throws {
    let allowed = value.utf8.allSatisfy { c in
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 46 || c == 95 || c == 45
    }
    guard !value.isEmpty, value.utf8.count <= 64, allowed, !value.hasPrefix(".") else {
        throw invalid(document, field, "'\(value.prefix(70))' is not an id (1-64 of A-Z a-z 0-9 . _ -, not starting with '.')")
    }
}
