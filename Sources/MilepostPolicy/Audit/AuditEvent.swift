import MilepostCore

/// Who did something, as the audit log records it.
public struct AuditActor: Codable, Equatable, Sendable {
    /// A person (name and badge), a key id, or "unit:<id>" for the unit itself.
    public var id: String
    public var organisation: String

    public init(id: String, organisation: String) {
        self.id = id
        self.organisation = organisation
    }

    public static func unit(_ unitID: UnitID, organisation: String = "") -> AuditActor {
        AuditActor(id: "unit:\(unitID)", organisation: organisation)
    }
}

/// What came of the action: a result count, a refusal and why, or a plain record.
public enum AuditOutcome: Codable, Equatable, Sendable {
    case allowed(resultCount: Int?)
    case denied(reason: String)
    case recorded(detail: String)

    private enum CodingKeys: String, CodingKey { case status, count, reason, detail }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .status) {
        case "allowed": self = .allowed(resultCount: try c.decodeIfPresent(Int.self, forKey: .count))
        case "denied": self = .denied(reason: try c.decode(String.self, forKey: .reason))
        case "recorded": self = .recorded(detail: try c.decode(String.self, forKey: .detail))
        case let other: throw DecodingError.dataCorruptedError(forKey: .status, in: c, debugDescription: "unknown outcome '\(other)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .allowed(let count):
            try c.encode("allowed", forKey: .status)
            try c.encodeIfPresent(count, forKey: .count)
        case .denied(let reason):
            try c.encode("denied", forKey: .status)
            try c.encode(reason, forKey: .reason)
        case .recorded(let detail):
            try c.encode("recorded", forKey: .status)
            try c.encode(detail, forKey: .detail)
        }
    }
}

/// One auditable event, before the log stamps it with time, sequence and chain hash. The fields
/// cover California Civil Code 1798.90.52 and the CJIS audit-record content.
public struct AuditEvent: Equatable, Sendable {
    public var type: String
    public var actor: AuditActor
    /// Network address of the requester, or "local" / "cli".
    public var source: String
    /// The plate, query or document id acted on.
    public var object: String
    public var purpose: String?
    public var caseNumber: String?
    public var approvalID: String?
    public var outcome: AuditOutcome

    public init(type: String, actor: AuditActor, source: String, object: String, purpose: String? = nil, caseNumber: String? = nil, approvalID: String? = nil, outcome: AuditOutcome) {
        self.type = type
        self.actor = actor
        self.source = source
        self.object = object
        self.purpose = purpose
        self.caseNumber = caseNumber
        self.approvalID = approvalID
        self.outcome = outcome
    }
}

/// One line of the audit log.
public struct AuditEntry: Codable, Equatable, Sendable {
    public var seq: Int
    /// Hex SHA-256 of the previous line's bytes; 64 zeros for the first entry.
    public var prev: String
    /// UTC to 10 ms, e.g. 2026-11-29T15:04:05.12Z.
    public var time: String
    public var event: String
    public var actor: AuditActor
    public var source: String
    public var object: String
    public var purpose: String?
    public var caseNumber: String?
    public var approvalID: String?
    public var outcome: AuditOutcome
    /// Absent in entries of a unit without a seal key (and in logs from before sealing).
    public var seal: AuditSeal?

    public static let genesisHash = String(repeating: "0", count: 64)
}

/// Where policy decisions are recorded. `AuditLog` is the real one.
public protocol AuditRecorder: AnyObject, Sendable {
    @discardableResult
    func record(_ event: AuditEvent) throws -> AuditEntry
}
