import Crypto

/// A short name for a public key: base64url of the first 16 bytes of SHA-256 over the raw
/// 32-byte Ed25519 public key. Carried in each token footer so the verifier can pick the key,
/// and in every document that names an approving official.
public struct KeyID: Hashable, Codable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public init(publicKeyBytes: [UInt8]) {
        let digest = Array(SHA256.hash(data: publicKeyBytes))
        rawValue = Base64URL.encode(Array(digest[0..<16]))
    }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
