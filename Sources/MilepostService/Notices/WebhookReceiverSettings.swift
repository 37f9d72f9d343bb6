import Foundation
import MilepostHotlist
import MilepostSystem

/// One webhook receiver in the unit's configuration (`webhookReceivers` in unit.json):
///
///     { "name": "cad", "url": "https://cad.example.gov/milepost", "secretFile": "/etc/milepost/cad.secret" }
///
/// The HMAC secret is read from `secretFile` at start; a secret written in the configuration
/// itself is refused, so configurations can be shared and logged without leaking it.
public struct WebhookReceiverSettings: Codable, Sendable, Equatable {
    public var name: String
    public var url: String
    public var secretFile: String
    /// Give up on a notice this many minutes after it was committed; default 30.
    public var maximumAgeMinutes: Int?
    /// Allows a plain `http://127.0.0.1` URL, for loopback tests and benchmarks only.
    public var loopbackTestReceiver: Bool?

    public init(name: String, url: String, secretFile: String, maximumAgeMinutes: Int? = nil, loopbackTestReceiver: Bool? = nil) {
        self.name = name
        self.url = url
        self.secretFile = secretFile
        self.maximumAgeMinutes = maximumAgeMinutes
        self.loopbackTestReceiver = loopbackTestReceiver
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, url, secretFile, maximumAgeMinutes, loopbackTestReceiver, secret
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.secret) {
            throw DecodingError.dataCorruptedError(
                forKey: .secret, in: container,
                debugDescription: "secrets are never written in the configuration: put it in a file readable only by the unit and name that file in 'secretFile'")
        }
        name = try container.decode(String.self, forKey: .name)
        url = try container.decode(String.self, forKey: .url)
        secretFile = try container.decode(String.self, forKey: .secretFile)
        maximumAgeMinutes = try container.decodeIfPresent(Int.self, forKey: .maximumAgeMinutes)
        loopbackTestReceiver = try container.decodeIfPresent(Bool.self, forKey: .loopbackTestReceiver)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(url, forKey: .url)
        try container.encode(secretFile, forKey: .secretFile)
        try container.encodeIfPresent(maximumAgeMinutes, forKey: .maximumAgeMinutes)
        try container.encodeIfPresent(loopbackTestReceiver, forKey: .loopbackTestReceiver)
    }

    public var maximumAgeMillis: Int64 { Int64(maximumAgeMinutes ?? 30) * 60_000 }

    /// Checks every receiver of a configuration; errors name the entry and the field, as in
    /// `webhookReceivers[1].url`.
    public static func validate(_ receivers: [WebhookReceiverSettings], path: String) throws(UnitConfigError) {
        var seen: Set<String> = []
        for (index, receiver) in receivers.enumerated() {
            func invalid(_ field: String, _ reason: String) -> UnitConfigError {
                .invalidField(path: path, field: "webhookReceivers[\(index)].\(field)", reason: reason)
            }
            if let minutes = receiver.maximumAgeMinutes, !(1...1440).contains(minutes) {
                throw invalid("maximumAgeMinutes", "is \(minutes); must be 1 to 1440")
            }
            if receiver.secretFile.isEmpty { throw invalid("secretFile", "must name the file holding the HMAC secret") }
            do {
                // A placeholder secret checks name and URL with the receiver's own rules.
                _ = try WebhookReceiver(name: receiver.name, url: receiver.url, secret: [UInt8](repeating: 0, count: 32),
                                        testReceiver: receiver.loopbackTestReceiver ?? false)
            } catch .invalidName {
                throw invalid("name", "'\(receiver.name)' must be letters, digits, '-' or '_'")
            } catch .notHTTPS {
                throw invalid("url", "'\(receiver.url)' must be https (plain http only to 127.0.0.1 with loopbackTestReceiver)")
            } catch {
                throw invalid("url", "\(error)")
            }
            if !seen.insert(receiver.name).inserted { throw invalid("name", "'\(receiver.name)' is used by another receiver") }
        }
    }

    /// The receiver with its secret read from `secretFile` (surrounding whitespace removed).
    public func load(fileSystem: any FileSystem) throws -> WebhookReceiver {
        let bytes: [UInt8]
        do { bytes = try fileSystem.readWholeFile(secretFile) } catch {
            throw LoadError(receiver: name, reason: "cannot read its secret file \(secretFile): \(error)")
        }
        let secret = Array(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        do {
            return try WebhookReceiver(name: name, url: url, secret: secret, maximumAgeMillis: maximumAgeMillis,
                                       testReceiver: loopbackTestReceiver ?? false)
        } catch {
            throw LoadError(receiver: name, reason: "\(error) (secret file \(secretFile))")
        }
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let receiver: String
        public let reason: String
        public var description: String { "webhook receiver '\(receiver)': \(reason)" }
    }
}
