import MilepostCore
import MilepostHotlist
import MilepostIngest
import MilepostPolicy

/// The department server as one more receiver of the unit's notice outbox (`server` in
/// unit.json): every committed notice is posted to `<server url>/api/ingest/notices`, at least
/// once, through the same durable outbox and dispatcher as the webhook receivers. It is signed
/// with the unit key (`NoticeSignature`) instead of an HMAC secret, and the server's
/// certificate is checked against `caFile` as for read batches.
enum ServerNoticeReceiver {
    /// The receiver's name in the outbox's delivery records; not available to webhook receivers
    /// while the configuration has a server.
    static let name = "server"

    /// How long the unit keeps trying: seven days, or the unit's retention when shorter, since
    /// a notice pending for a receiver is kept past retention until then. Unlike a dispatcher,
    /// the server keeps every notice, so a late one is still worth sending.
    static func maximumAgeMillis(retentionDays: Int) -> Int64 {
        Int64(min(7, retentionDays)) * 86_400_000
    }

    static func receiver(_ server: ServerSettings, unitID: UnitID, unitKey: PolicySigningKey, retentionDays: Int) throws -> WebhookReceiver {
        try WebhookReceiver(name: name, url: server.noticeIngestURL, signer: UnitKeyNoticeSigner(unitID: unitID, unitKey: unitKey),
                            maximumAgeMillis: maximumAgeMillis(retentionDays: retentionDays),
                            testReceiver: server.loopbackTestServer ?? false)
    }
}

/// Signs a forwarded notice with the unit key, as the server expects (`Milepost-Signature`).
struct UnitKeyNoticeSigner: NoticeRequestSigner {
    let unitID: UnitID
    let unitKey: PolicySigningKey

    func headers(for body: [UInt8], atMillis: Int64) throws -> [(String, String)] {
        [(NoticeSignature.headerName, try NoticeSignature.header(for: body, unitID: unitID, unitKey: unitKey))]
    }
}
