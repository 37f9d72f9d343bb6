import MilepostCore

/// The Chief-approved (or designee-approved) document that lets named units capture at a site,
/// for a purpose, between two times. Without a currently valid one a unit captures nothing.
public struct TargetingAuthorization: ApprovedDocument, Equatable, KnownFields {
    public static let kind = DocumentKind.targetingAuthorization
    public static let requiredScope = ApprovalScope.targeting

    public var id: String
    /// Increases with each re-issue of an authorization for the same deployment.
    public var serial: Int
    public var units: [UnitID]
    public var site: Site
    public var purpose: Purpose
    /// Hotlist names whose hits this deployment may raise.
    public var hotlists: [String]
    public var notBefore: UTCTime
    public var expires: UTCTime
    public var approvingOfficial: ApprovingOfficial
    public var issuedAt: UTCTime
    public var delegation: String?

    enum CodingKeys: String, CodingKey {
        case id = "jti", serial, units, site, purpose, hotlists, notBefore = "nbf", expires = "exp"
        case approvingOfficial, issuedAt = "iat", delegation
    }

    static let fieldNames: Set<String> = ["jti", "serial", "units", "site", "purpose", "hotlists", "nbf", "exp", "approvingOfficial", "iat", "delegation"]

    public init(id: String, serial: Int, units: [UnitID], site: Site, purpose: Purpose, hotlists: [String], notBefore: UTCTime, expires: UTCTime, approvingOfficial: ApprovingOfficial, issuedAt: UTCTime, delegation: String? = nil) {
        self.id = id
        self.serial = serial
        self.units = units
        self.site = site
        self.purpose = purpose
        self.hotlists = hotlists
        self.notBefore = notBefore
        self.expires = expires
        self.approvingOfficial = approvingOfficial
        self.issuedAt = issuedAt
        self.delegation = delegation
    }

    public func validateFields(document: String) throws {
        try requireIdentifier(id, "jti", document)
        if serial < 0 { throw invalid(document, "serial", "is negative") }
        if units.isEmpty { throw invalid(document, "units", "is empty; name the unit ids this authorization covers") }
        guard (-90.0...90.0).contains(site.latitude) else { throw invalid(document, "site.latitude", "\(site.latitude) is outside -90...90") }
        guard (-180.0...180.0).contains(site.longitude) else { throw invalid(document, "site.longitude", "\(site.longitude) is outside -180...180") }
        try requireNonEmpty(site.description, "site.description", document)
        try purpose.validate(document: document)
        try requireWindow(notBefore: notBefore, expires: expires, document)
    }
}

/// Why a unit is deployed (policy 10.05 §III): routine patrol or traffic enforcement, or a
/// specific criminal investigation, which must name its case.
public enum Purpose: Codable, Equatable, Sendable, CustomStringConvertible {
    case routinePatrol
    case trafficEnforcement
    case criminalInvestigation(caseNumber: String)

    private enum CodingKeys: String, CodingKey { case kind, caseNumber }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "routine-patrol": self = .routinePatrol
        case "traffic-enforcement": self = .trafficEnforcement
        case "criminal-investigation": self = .criminalInvestigation(caseNumber: try container.decode(String.self, forKey: .caseNumber))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "'\(kind)' is not routine-patrol, traffic-enforcement or criminal-investigation")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .routinePatrol: try container.encode("routine-patrol", forKey: .kind)
        case .trafficEnforcement: try container.encode("traffic-enforcement", forKey: .kind)
        case .criminalInvestigation(let caseNumber):
            try container.encode("criminal-investigation", forKey: .kind)
            try container.encode(caseNumber, forKey: .caseNumber)
        }
    }

    public var caseNumber: String? {
        if case .criminalInvestigation(let caseNumber) = self { return caseNumber }
        return nil
    }

    public var description: String {
        switch self {
        case .routinePatrol: return "routine patrol"
        case .trafficEnforcement: return "traffic enforcement"
        case .criminalInvestigation(let caseNumber): return "criminal investigation, case \(caseNumber)"
        }
    }

    func validate(document: String) throws {
        if let caseNumber, caseNumber.trimmingSpaces().isEmpty {
            throw invalid(document, "purpose.caseNumber", "is empty; a criminal investigation must name its case")
        }
    }
}
