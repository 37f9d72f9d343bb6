import Crypto
import MilepostCore
import MilepostPolicy

/// A unit key's Ed25519 signature over one body a unit sends the server, in the
/// `Milepost-Signature: v1 <keyID> <base64url signature>` header. The signed message is
/// `<domain>\n<unit id>\n<hex SHA-256 of the body>`: the domain keeps a signature made for one
/// kind of body (a read batch) from verifying as another (a hit notice).
struct UnitBodySignature: Sendable {
    /// As in `milepost.read-batch.v1`.
    let domain: String
    /// What is signed, for error messages: "batch", "notice".
    let noun: String

    func message(unitID: UnitID, body: [UInt8]) -> [UInt8] {
        let digest = SHA256.hash(data: body).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        return Array("\(domain)\n\(unitID.rawValue)\n\(digest)".utf8)
    }

    func header(for body: [UInt8], unitID: UnitID, unitKey: PolicySigningKey) throws -> String {
        let signature = try unitKey.sign(message(unitID: unitID, body: body))
        return "v1 \(unitKey.id.rawValue) \(Base64URL.encode(signature))"
    }

    func verify(_ header: String?, body: [UInt8], unitID: UnitID, registered: (KeyID) -> PolicyPublicKey?) throws(IngestError) -> PolicyPublicKey {
        let headerName = BatchSignature.headerName
        guard let header else { throw IngestError(.malformedSignature, "the \(headerName) header is missing") }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "v1", let signature = Base64URL.decode(String(parts[2])), signature.count == 64 else {
            throw IngestError(.malformedSignature, "the \(headerName) header is not 'v1 <keyID> <base64url Ed25519 signature>'")
        }
        let keyID = KeyID(rawValue: String(parts[1]))
        guard let key = registered(keyID) else {
            throw IngestError(.unknownUnitKey, "\(noun) signed by key \(keyID), which is not a registered unit key")
        }
        guard key.holder.role == .unit, key.holder.name == unitID.rawValue else {
            throw IngestError(.wrongUnit, "\(noun) for unit \(unitID) is signed by key \(keyID), registered to \(key.holder.role.rawValue) \(key.holder.name)")
        }
        guard key.isValidSignature(signature, for: message(unitID: unitID, body: body)) else {
            throw IngestError(.badSignature, "\(noun) for unit \(unitID): the signature by key \(keyID) does not verify (altered in transit, or not signed by that key)")
        }
        return key
    }

    /// The key id of a `v1 <keyID> <signature>` header, if it has that shape.
    static func keyID(inHeader header: String) -> KeyID? {
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "v1" else { return nil }
        return KeyID(rawValue: String(parts[1]))
    }
}
