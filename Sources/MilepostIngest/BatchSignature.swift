import Crypto
import MilepostCore
import MilepostPolicy

/// The unit key's signature over a batch body, sent in the `Milepost-Signature` header as
/// `v1 <keyID> <base64url signature>`. The signed message is
/// `milepost.read-batch.v1\n<unit id>\n<hex SHA-256 of the body>`, so a signature for one
/// unit's body never verifies for another unit or another body.
public enum BatchSignature {
    public static let headerName = "Milepost-Signature"
    static let domain = "milepost.read-batch.v1"

    static func message(unitID: UnitID, body: [UInt8]) -> [UInt8] {
        let digest = SHA256.hash(data: body).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        return Array("\(domain)\n\(unitID.rawValue)\n\(digest)".utf8)
    }

    /// The header value for `body`, sent by `unitKey` (a unit key, named after its unit).
    public static func header(for body: [UInt8], unitID: UnitID, unitKey: PolicySigningKey) throws -> String {
        let signature = try unitKey.sign(message(unitID: unitID, body: body))
        return "v1 \(unitKey.id.rawValue) \(Base64URL.encode(signature))"
    }

    /// The key that signed `body` for `unitID`, if it is one of `registered` (the unit keys the
    /// server knows, by key id), belongs to that unit, and the signature verifies.
    public static func verify(_ header: String?, body: [UInt8], unitID: UnitID, registered: (KeyID) -> PolicyPublicKey?) throws(IngestError) -> PolicyPublicKey {
        guard let header else { throw IngestError(.malformedSignature, "the \(headerName) header is missing") }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "v1", let signature = Base64URL.decode(String(parts[2])), signature.count == 64 else {
            throw IngestError(.malformedSignature, "the \(headerName) header is not 'v1 <keyID> <base64url Ed25519 signature>'")
        }
        let keyID = KeyID(rawValue: String(parts[1]))
        guard let key = registered(keyID) else {
            throw IngestError(.unknownUnitKey, "batch signed by key \(keyID), which is not a registered unit key")
        }
        guard key.holder.role == .unit, key.holder.name == unitID.rawValue else {
            throw IngestError(.wrongUnit, "batch for unit \(unitID) is signed by key \(keyID), registered to \(key.holder.role.rawValue) \(key.holder.name)")
        }
        guard key.isValidSignature(signature, for: message(unitID: unitID, body: body)) else {
            throw IngestError(.badSignature, "batch for unit \(unitID): the signature by key \(keyID) does not verify (altered in transit, or not signed by that key)")
        }
        return key
    }
}
