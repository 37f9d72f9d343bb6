import MilepostCore
import Foundation
import MilepostHardware

/// The unit's configuration. `Config/unit.json` holds the embedded defaults; an installer's
/// file overrides them. Every field is checked at load, and errors name the field; a key the
/// configuration does not have is refused, at any level.
public struct UnitConfig: Codable, Sendable, Equatable {
    public var unitID: UnitID
    public var cameraID: CameraID
    public var board: String
    public var stateDirectory: String
    public var storeCapacityBytes: Int64
    public var retentionDays: Int
    public var httpHost: String
    public var httpPort: Int
    /// The API's certificate and key: it is served over HTTPS. Required unless
    /// `plainHTTPOnLoopback`.
    public var https: UnitHTTPSSettings?
    /// Plain HTTP instead of HTTPS, allowed only on a loopback `httpHost` (the demonstration
    /// setup and tests on one machine).
    public var plainHTTPOnLoopback: Bool?
    /// Minimum confidence (per mille) for a read to be stored and matched.
    public var minimumConfidence: Int
    /// Seconds between signed audit checkpoints, each closing a seal epoch, if anything was
    /// recorded (default 60, at most a day).
    public var auditCheckpointIntervalSeconds: Int?
    /// Entries after which the audit log closes its seal epoch between checkpoints (default 256).
    public var auditSealEveryEntries: Int?
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
    /// Frames captured and read per presence event (a vehicle pass), voted into one read per
    /// plate (absent: 1, a read per frame). The illuminator guard may cut a burst short.
    public var burstFrames: Int?
    /// Dispatch/CAD endpoints that get every hit notice; absent means none.
    public var webhookReceivers: [WebhookReceiverSettings]?
    /// The department server that gets every read (docs/server-ingest.md); absent means none.
    public var server: ServerSettings?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case unitID, cameraID, board, stateDirectory, storeCapacityBytes, retentionDays, httpHost, httpPort, https, plainHTTPOnLoopback
        case minimumConfidence, auditCheckpointIntervalSeconds, auditSealEveryEntries, plateFormatWeight, fullResolutionPass, burstFrames, webhookReceivers, server
    }

    public static let maximumRetentionDays = 365

    public static func load(from url: URL) throws -> UnitConfig {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw UnitConfigError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw UnitConfigError.malformed(path: url.path, reason: "\(error)")
        }
        if let unknown = Self.knownKeys.firstUnknownKey(in: document, retired: Self.retiredKeys) {
            throw UnitConfigError.unknownKey(path: url.path, key: unknown.path, hint: unknown.hint)
        }
        let config: UnitConfig
        do {
            config = try JSONDecoder().decode(UnitConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            // Named with its section, as in `server.url`.
            let field = (context.codingPath + [key]).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
            throw UnitConfigError.missingField(path: url.path, field: field)
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
}
