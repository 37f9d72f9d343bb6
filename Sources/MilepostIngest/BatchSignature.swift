import MilepostCore
import MilepostPolicy

/// The unit key's signature over a batch body, sent in the `Milepost-Signature` header as
/// `v1 <keyID> <base64url signature>`. The signed message is
/// `milepost.read-batch.v1\n<unit id>\n<hex SHA-256 of the body>`, so a signature for one
/// unit's body never verifies for another unit or another body.
public enum BatchSignature {
    public static let headerName = "Milepost-Signature"
    static let signature = UnitBodySignature(domain: "milepost.read-batch.v1", noun: "batch")

    static func message(unitID: UnitID, body: [UInt8]) -> [UInt8] { signature.message(unitID: unitID, body: body) }

    /// The header value for `body`, sent by `unitKey` (a unit key, named after its unit).
    public static func header(for body: [UInt8], unitID: UnitID, unitKey: PolicySigningKey) throws -> String {
        try signature.header(for: body, unitID: unitID, unitKey: unitKey)
    }

    /// The key that signed `body` for `unitID`, if it is one of `registered` (the unit keys the
    /// server knows, by key id), belongs to that unit, and the signature verifies.
    public static func verify(_ header: String?, body: [UInt8], unitID: UnitID, registered: (KeyID) -> PolicyPublicKey?) throws(IngestError) -> PolicyPublicKey {
        try signature.verify(header, body: body, unitID: unitID, registered: registered)
    }

    /// The key id a header names, if it has the `v1 <keyID> <signature>` shape: the server
    /// looks that key up before it decodes the body.
    public static func keyID(inHeader header: String) -> KeyID? { UnitBodySignature.keyID(inHeader: header) }
}
