import Foundation

/// The unit's configuration. `Config/unit.json` holds the embedded defaults; an installer's
/// file overrides them. Every field is checked at load, and errors name the field.
public struct UnitConfig: Codable, Sendable, Equatable {
    public var unitID: String
    public var cameraID: String
    public var board: String
    public var stateDirectory: String
    public var storeCapacityBytes: Int64
    public var retentionDays: Int
    public var httpHost: String
    public var httpPort: Int
    /// Minimum confidence (per mille) for a read to be stored and matched.
    public var minimumConfidence: Int
    /// Seconds between simulated vehicle passes on the `sim` board; 0 disables them.
    public var simulatedPresenceIntervalSeconds: Double
    /// Seconds between signed audit checkpoints (default 900, at most a day).
    public var auditCheckpointIntervalSeconds: Int?
    /// How many times a reading in a standard US serial shape counts when a plate's candidate
    /// readings are ranked (absent: the recognizer's default, 4; 1 turns the prior off, for a
    /// deployment whose plates follow none of the US shapes). 1 to 100.
    public var plateFormatWeight: Int?
    /// Whether a frame in which nothing, or nothing sure (below 500), reads is searched again
    /// at full resolution around its likeliest places, for plates too small for the detector's
    /// main pass (absent: yes). A frame with no plate then costs about 1.3 times the
    /// instructions, and the dev frames 9% more on average; a board that cannot afford that at
    /// its capture rate can turn it off.
    public var fullResolutionPass: Bool?
    /// Dispatch/CAD endpoints that get every hit notice; absent means none.
    public var webhookReceivers: [WebhookReceiverSettings]?

    public static let maximumRetentionDays = 365

    public static func load(from url: URL) throws -> UnitConfig {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw UnitConfigError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let config: UnitConfig
        do {
            config = try JSONDecoder().decode(UnitConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw UnitConfigError.missingField(path: url.path, field: key.stringValue)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw UnitConfigError.invalidField(path: url.path, field: field, reason: context.debugDescription)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw UnitConfigError.invalidField(path: url.path, field: field, reason: context.debugDescription)
        } catch {
            throw UnitConfigError.malformed(path: url.path, reason: "\(error)")
        }
        try config.validate(path: url.path)
        return config
    }

    public func validate(path: String) throws {
        func invalid(_ field: String, _ reason: String) -> UnitConfigError {
            .invalidField(path: path, field: field, reason: reason)
        }
        if unitID.isEmpty { throw invalid("unitID", "must not be empty") }
        if cameraID.isEmpty { throw invalid("cameraID", "must not be empty") }
        if retentionDays < 1 || retentionDays > Self.maximumRetentionDays {
            throw invalid("retentionDays", "is \(retentionDays); department policy allows 1 to \(Self.maximumRetentionDays) days")
        }
        if storeCapacityBytes < 1 << 20 { throw invalid("storeCapacityBytes", "is \(storeCapacityBytes); at least 1 MiB") }
        if !(1...65535).contains(httpPort) { throw invalid("httpPort", "is \(httpPort); must be 1 to 65535") }
        if !(0...1000).contains(minimumConfidence) { throw invalid("minimumConfidence", "is \(minimumConfidence); must be 0 to 1000") }
        if simulatedPresenceIntervalSeconds < 0 { throw invalid("simulatedPresenceIntervalSeconds", "must not be negative") }
        if let seconds = auditCheckpointIntervalSeconds, !(10...86_400).contains(seconds) {
            throw invalid("auditCheckpointIntervalSeconds", "is \(seconds); must be 10 to 86400 (a day)")
        }
        if let weight = plateFormatWeight, !(1...100).contains(weight) {
            throw invalid("plateFormatWeight", "is \(weight); must be 1 (no prior) to 100")
        }
        try WebhookReceiverSettings.validate(webhookReceivers ?? [], path: path)
    }
}

public enum UnitConfigError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case missingField(path: String, field: String)
    case invalidField(path: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read config \(path): \(reason)"
        case .malformed(let path, let reason): return "config \(path) is not valid JSON: \(reason)"
        case .missingField(let path, let field): return "config \(path) lacks the field '\(field)'"
        case .invalidField(let path, let field, let reason): return "config \(path): field '\(field)' \(reason)"
        }
    }
}
