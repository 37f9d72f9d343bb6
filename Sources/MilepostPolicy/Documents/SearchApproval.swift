import MilepostCore

/// Prior approval (policy 10.05 §V) for searches of stored reads: who asks, for which case, over
/// which plates and times, how often, and until when.
public struct SearchApproval: ApprovedDocument, Equatable, KnownFields {
    public static let kind = DocumentKind.searchApproval
    public static let requiredScope = ApprovalScope.search

    public var id: String
    public var requester: Requester
    public var caseNumber: String
    public var purpose: String
    /// Set only for an ongoing criminal investigation; required for any prohibited-use allowance.
    public var ongoingCriminalInvestigation: Bool
    public var scope: Scope
    public var units: [UnitID]
    public var maxUses: Int
    public var allows: Allowances
    public var notBefore: UTCTime
    public var expires: UTCTime
    public var approvingOfficial: ApprovingOfficial
    public var issuedAt: UTCTime
    public var delegation: String?

    public struct Requester: Codable, Equatable, Sendable {
        public var name: String
        /// Badge or employee number.
        public var id: String
        public var organisation: String

        public init(name: String, id: String, organisation: String) {
            self.name = name
            self.id = id
            self.organisation = organisation
        }
    }

    public struct Scope: Codable, Equatable, Sendable {
        /// A plate or plate pattern (`?` one character, `*` any run); nil only when
        /// `allows.queriesWithoutPlate` is granted.
        public var plate: String?
        public var from: UTCTime
        public var to: UTCTime

        public init(plate: String?, from: UTCTime, to: UTCTime) {
            self.plate = plate
            self.from = from
            self.to = to
        }
    }

    /// Uses that policy 10.05 §IV prohibits, allowed (note 1) only for an ongoing criminal
    /// investigation with the Chief's own prior approval.
    public struct Allowances: Codable, Equatable, Sendable {
        public var bulkExport: Bool
        public var queriesWithoutPlate: Bool

        public init(bulkExport: Bool = false, queriesWithoutPlate: Bool = false) {
            self.bulkExport = bulkExport
            self.queriesWithoutPlate = queriesWithoutPlate
        }

        public var anyProhibitedUse: Bool { bulkExport || queriesWithoutPlate }
    }

    enum CodingKeys: String, CodingKey {
        case id = "jti", requester, caseNumber, purpose, ongoingCriminalInvestigation, scope, units, maxUses, allows
        case notBefore = "nbf", expires = "exp", approvingOfficial, issuedAt = "iat", delegation
    }

    static let fieldNames: Set<String> = ["jti", "requester", "caseNumber", "purpose", "ongoingCriminalInvestigation", "scope", "units", "maxUses", "allows", "nbf", "exp", "approvingOfficial", "iat", "delegation"]

    public init(id: String, requester: Requester, caseNumber: String, purpose: String, ongoingCriminalInvestigation: Bool, scope: Scope, units: [UnitID], maxUses: Int, allows: Allowances, notBefore: UTCTime, expires: UTCTime, approvingOfficial: ApprovingOfficial, issuedAt: UTCTime, delegation: String? = nil) {
        self.id = id
        self.requester = requester
        self.caseNumber = caseNumber
        self.purpose = purpose
        self.ongoingCriminalInvestigation = ongoingCriminalInvestigation
        self.scope = scope
        self.units = units
        self.maxUses = maxUses
        self.allows = allows
        self.notBefore = notBefore
        self.expires = expires
        self.approvingOfficial = approvingOfficial
        self.issuedAt = issuedAt
        self.delegation = delegation
    }

    public func validateFields(document: String) throws {
        try requireIdentifier(id, "jti", document)
        try requireNonEmpty(requester.name, "requester.name", document)
        try requireNonEmpty(requester.id, "requester.id", document)
        try requireNonEmpty(caseNumber, "caseNumber", document)
        try requireNonEmpty(purpose, "purpose", document)
        if units.isEmpty { throw invalid(document, "units", "is empty; name the unit ids whose stored reads may be searched") }
        if maxUses < 1 { throw invalid(document, "maxUses", "is \(maxUses); it must be at least 1") }
        guard scope.from < scope.to else { throw invalid(document, "scope.to", "(\(scope.to)) is not after scope.from (\(scope.from))") }
        if let plate = scope.plate {
            let pattern: PlatePattern
            do { pattern = try PlatePattern(plate) } catch { throw invalid(document, "scope.plate", error.description) }
            if pattern.isSweep {
                try requireChiefForInvestigation("scope.plate", "is \(pattern.text), a sweep (\(PlatePattern.sweepRule)),", document)
            }
        } else if !allows.queriesWithoutPlate {
            throw invalid(document, "scope.plate", "is missing; searches without a plate are prohibited unless allows.queriesWithoutPlate is granted")
        }
        try requireWindow(notBefore: notBefore, expires: expires, document)
        if allows.anyProhibitedUse {
            try requireChiefForInvestigation("allows", "grants a prohibited use (bulk export or queries without a plate)", document)
        }
    }

    /// Policy 10.05 §IV note 1: a prohibited use, or a scope that would allow one, only for an
    /// ongoing criminal investigation and with the Chief's own approval; no delegation extends
    /// that to a designee.
    private func requireChiefForInvestigation(_ field: String, _ what: String, _ document: String) throws {
        guard ongoingCriminalInvestigation else {
            throw invalid(document, field, "\(what) but ongoingCriminalInvestigation is false; policy 10.05 §IV note 1 allows it only for an ongoing criminal investigation")
        }
        guard approvingOfficial.role == .chief, delegation == nil else {
            throw invalid(document, field, "\(what) but is approved by a designee; policy 10.05 §IV note 1 requires the Chief's own approval, whatever the delegation says")
        }
    }
}
