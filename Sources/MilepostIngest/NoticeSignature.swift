import MilepostCore
import MilepostPolicy

/// The unit key's signature over a hit notice forwarded to the department server
/// (`POST /api/ingest/notices`, docs/server-ingest.md): the same header and key as a read
/// batch, over `milepost.hit-notice.v1\n<unit id>\n<hex SHA-256 of the body>`. The distinct
/// domain keeps a batch's signature from being replayed as a notice's, and the reverse.
public enum NoticeSignature {
    public static let headerName = BatchSignature.headerName
    static let signature = UnitBodySignature(domain: "milepost.hit-notice.v1", noun: "notice")

    static func message(unitID: UnitID, body: [UInt8]) -> [UInt8] { signature.message(unitID: unitID, body: body) }

    /// The header value for the notice body `body`, sent by `unitKey` (the unit's own key).
    public static func header(for body: [UInt8], unitID: UnitID, unitKey: PolicySigningKey) throws -> String {
        try signature.header(for: body, unitID: unitID, unitKey: unitKey)
    }

    /// The registered key of `unitID` that signed `body`; throws naming what does not hold.
    public static func verify(_ header: String?, body: [UInt8], unitID: UnitID, registered: (KeyID) -> PolicyPublicKey?) throws(IngestError) -> PolicyPublicKey {
        try signature.verify(header, body: body, unitID: unitID, registered: registered)
    }
}
