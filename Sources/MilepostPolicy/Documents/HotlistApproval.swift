import MilepostCore

/// The approval (policy 10.05 §III) of one version of one hotlist: the list's name, the
/// SHA-256 of its content and its entry count, whether it is a routine extract or a list
/// targeted at a case, and until when it may be matched. A unit matches a list only while it
/// holds such an approval for exactly that content.
public struct HotlistApproval: ApprovedDocument, Equatable, KnownFields {
    public static let kind = DocumentKind.hotlistApproval
    public static let requiredScope = ApprovalScope.hotlists

    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A statewide or NCIC extract, matched everywhere the authorization permits it.
        case routine
        /// A list built for one case: it must name the case.
        case targeted
    }

    public var id: String
    public var list: String
    public var listKind: Kind
    public var caseNumber: String?
    /// Lowercase hex SHA-256 of the list's canonical content (docs/POLICY-FORMATS.md).
    public var contentSHA256: String
    public var entryCount: Int
    public var matching: Matching
    public var notBefore: UTCTime
    public var expires: UTCTime
    public var approvingOfficial: ApprovingOfficial
    public var issuedAt: UTCTime
    public var delegation: String?

    /// How the unit matches the list; a list installed with other settings is not approved.
    public struct Matching: Codable, Equatable, Sendable {
        /// routine, elevated or high.
        public var priority: String
        /// Look-alike characters a read may differ by (0 to 3).
        public var lookalike: Int
        /// Accepts partial plates (AMBER, wanted felony).
        public var serious: Bool

        public init(priority: String, lookalike: Int, serious: Bool) {
            self.priority = priority
            self.lookalike = lookalike
            self.serious = serious
        }

        public static let priorities = ["routine", "elevated", "high"]
        public static let maximumLookalike = 3
    }

    enum CodingKeys: String, CodingKey {
        case id = "jti", list, listKind = "kind", caseNumber, contentSHA256 = "sha256", entryCount, matching
        case notBefore = "nbf", expires = "exp", approvingOfficial, issuedAt = "iat", delegation
    }

    static let fieldNames: Set<String> = ["jti", "list", "kind", "caseNumber", "sha256", "entryCount", "matching", "nbf", "exp", "approvingOfficial", "iat", "delegation"]

    public init(id: String, list: String, listKind: Kind, caseNumber: String?, contentSHA256: String, entryCount: Int, matching: Matching,
                notBefore: UTCTime, expires: UTCTime, approvingOfficial: ApprovingOfficial, issuedAt: UTCTime, delegation: String? = nil) {
        self.id = id
        self.list = list
        self.listKind = listKind
        self.caseNumber = caseNumber
        self.contentSHA256 = contentSHA256
        self.entryCount = entryCount
        self.matching = matching
        self.notBefore = notBefore
        self.expires = expires
        self.approvingOfficial = approvingOfficial
        self.issuedAt = issuedAt
        self.delegation = delegation
    }

    /// A routine list: `hotlists` or `routine-hotlists`. A targeted list: `hotlists` and
    /// `targeting`, since it points the unit at a case as an authorization does.
    public func scopeShortfall(granted: [ApprovalScope]) -> String? {
        switch listKind {
        case .routine:
            return granted.contains(.hotlists) || granted.contains(.routineHotlists) ? nil : "hotlists or routine-hotlists (for a routine list)"
        case .targeted:
            return granted.contains(.hotlists) && granted.contains(.targeting) ? nil : "both hotlists and targeting (for a targeted list)"
        }
    }

    public func validateFields(document: String) throws {
        try requireIdentifier(id, "jti", document)
        try requireIdentifier(list, "list", document)
        let hexDigits = contentSHA256.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        guard contentSHA256.utf8.count == 64, hexDigits else {
            throw invalid(document, "sha256", "'\(contentSHA256.prefix(70))' is not 64 lowercase hex digits")
        }
        if entryCount < 0 { throw invalid(document, "entryCount", "is \(entryCount); it cannot be negative") }
        if !Matching.priorities.contains(matching.priority) {
            throw invalid(document, "matching.priority", "is '\(matching.priority.prefix(40))'; use \(Matching.priorities.joined(separator: ", "))")
        }
        if !(0...Matching.maximumLookalike).contains(matching.lookalike) {
            throw invalid(document, "matching.lookalike", "is \(matching.lookalike); use 0 to \(Matching.maximumLookalike)")
        }
        switch listKind {
        case .targeted:
            guard let caseNumber, !caseNumber.trimmingSpaces().isEmpty else {
                throw invalid(document, "caseNumber", "is missing; a targeted list must name its case")
            }
        case .routine:
            if caseNumber != nil { throw invalid(document, "caseNumber", "is set on a routine list; a list for a case is approved as targeted") }
        }
        try requireWindow(notBefore: notBefore, expires: expires, document)
    }

    /// What the token says, without checking its signature: only for defaults shown or used
    /// before the real check (which every use of the list goes through).
    public static func claimed(in token: String, document: String) throws -> HotlistApproval {
        let footer = try SignedDocument.footer(of: token, document: document)
        guard footer.typ == kind else {
            throw PolicyError(.wrongDocumentKind, "\(document) is a \(footer.typ.displayName), not a \(kind.displayName)")
        }
        return try SignedDocument.unverifiedPayload(of: token, as: HotlistApproval.self, document: document)
    }
}
