@preconcurrency import Crypto

/// Who a key belongs to, as written in its key file.
public struct KeyHolder: Equatable, Sendable {
    public var role: KeyRole
    /// A person's name for chief and designee keys; the unit id for a unit key.
    public var name: String
    public var organisation: String

    public init(role: KeyRole, name: String, organisation: String) {
        self.role = role
        self.name = name
        self.organisation = organisation
    }
}

/// An Ed25519 public key with its holder.
public struct PolicyPublicKey: Sendable {
    public var holder: KeyHolder
    public let key: Curve25519.Signing.PublicKey
    public let id: KeyID

    public init(holder: KeyHolder, rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        else { throw PolicyError(.malformedKeyFile, "an Ed25519 public key is 32 bytes; got \(rawRepresentation.count)") }
        self.holder = holder
        self.key = key
        self.id = KeyID(publicKeyBytes: rawRepresentation)
    }

    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: message)
    }
}

/// An Ed25519 private key (the 32-byte RFC 8032 seed) with its holder.
public struct PolicySigningKey: Sendable {
    public var holder: KeyHolder
    let key: Curve25519.Signing.PrivateKey
    public let publicKey: PolicyPublicKey

    public init(holder: KeyHolder, seed: [UInt8]) throws {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw PolicyError(.malformedKeyFile, "an Ed25519 private key is a 32-byte seed; got \(seed.count)")
        }
        self.holder = holder
        self.key = key
        self.publicKey = try PolicyPublicKey(holder: holder, rawRepresentation: Array(key.publicKey.rawRepresentation))
    }

    public static func generate(holder: KeyHolder) -> PolicySigningKey {
        let key = Curve25519.Signing.PrivateKey()
        // A freshly generated key always has a valid 32-byte seed.
        return try! PolicySigningKey(holder: holder, seed: Array(key.rawRepresentation))
    }

    public var id: KeyID { publicKey.id }
    var seed: [UInt8] { Array(key.rawRepresentation) }

    /// Ed25519 (RFC 8032, pure, no context). Deterministic with the BoringSSL backend used on Linux.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            throw PolicyError(.badSignature, "signing with key \(id) failed: \(error)")
        }
    }
}
