import Foundation
import MilepostCore

/// The department server's configuration (`server.json`). Every field is checked at load and
/// errors name the field; a key the configuration does not have is refused.
///
///     {"postgres": {"host": "127.0.0.1", "port": 5432, "user": "milepost", "database": "milepost",
///                   "passwordFile": "/etc/milepost/pg.password"},
///      "https": {"host": "0.0.0.0", "port": 8443, "certificateFile": "tls/server.pem", "privateKeyFile": "tls/server.key"},
///      "retentionDays": 365, "auditDirectory": "/var/lib/milepost-server/audit",
///      "policyDirectory": "/var/lib/milepost-server/policy"}
///
/// `postgres.url` (`postgres://user[:password]@host[:port]/database`) may stand in for the
/// separate fields. `https.plainHTTPOnLoopback: true` (without certificate and key) serves plain
/// HTTP, and only on a loopback host: for tests on one machine, never for units on a network.
public struct ServerConfig: Codable, Sendable, Equatable {
    public var postgres: PostgresSettings
    public var https: HTTPSSettings
    public var retentionDays: Int
    public var auditDirectory: String
    /// The Chief's public key and the server's search state (revocation list, time floor,
    /// approval uses); without it the server refuses every search.
    public var policyDirectory: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case postgres, https, retentionDays, auditDirectory, policyDirectory }

    public static let maximumRetentionDays = 365

    public init(postgres: PostgresSettings, https: HTTPSSettings, retentionDays: Int = ServerConfig.maximumRetentionDays, auditDirectory: String,
                policyDirectory: String? = nil) {
        self.postgres = postgres
        self.https = https
        self.retentionDays = retentionDays
        self.auditDirectory = auditDirectory
        self.policyDirectory = policyDirectory
    }

    public static func load(path: String) throws(ServerConfigError) -> ServerConfig {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(ServerConfigError) -> ServerConfig {
        let document: Any
        do { document = try JSONSerialization.jsonObject(with: data) } catch {
            throw .malformed(path: path, reason: "\(error.localizedDescription)")
        }
        if let unknown = firstUnknownKey(in: document) { throw .unknownKey(path: path, key: unknown.key, hint: unknown.hint) }
        let config: ServerConfig
        do {
            config = try JSONDecoder().decode(ServerConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .missingField(path: path, field: (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .invalidField(path: path, field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: context.debugDescription)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw .invalidField(path: path, field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: context.debugDescription)
        } catch {
            throw .malformed(path: path, reason: "\(error)")
        }
        try config.validate(path: path)
        return config
    }

    static let knownKeys: [String: [String]] = [
        "": CodingKeys.allCases.map(\.rawValue),
        "postgres": PostgresSettings.CodingKeys.allCases.map(\.rawValue),
        "https": HTTPSSettings.CodingKeys.allCases.map(\.rawValue),
    ]

    /// The first key, top level first, that the configuration does not have, with a hint.
    static func firstUnknownKey(in document: Any) -> (key: String, hint: String)? {
        guard let top = document as? [String: Any] else { return nil }
        func check(_ object: [String: Any], level: String) -> (key: String, hint: String)? {
            let known = knownKeys[level] ?? []
            for key in object.keys.sorted() where !known.contains(key) {
                return (level.isEmpty ? key : "\(level).\(key)", KeySuggestion.hint(for: key, known: known))
            }
            return nil
        }
        if let unknown = check(top, level: "") { return unknown }
        for level in ["postgres", "https"] {
            if let nested = top[level] as? [String: Any], let unknown = check(nested, level: level) { return unknown }
        }
        return nil
    }
}
