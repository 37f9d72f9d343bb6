import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostHotlist
import MilepostIngest
import MilepostPolicy
import MilepostTesting

extension SimulatedUnit {
    /// A hit notice of this unit, as its outbox commits it (an AMBER alert entry on list "ncic").
    func notice(_ id: String, plate: String = "ABC1234", sequence: UInt64 = 1) throws -> StoredNotice {
        let list = ActiveHotlist(
            settings: ListSettings(name: "ncic", priority: .high), version: 1, importedAt: 0, sourceFile: "f",
            entries: [HotlistEntry(plate: try PlateText(normalizing: plate), state: "MA", code: .amberAlert, reason: "AMBER alert 26-114",
                                   entered: 0, expires: nil, source: "MA0140000")])
        let read = PlateRead.sample(try PlateText(normalizing: plate), state: "MA", confidence: 900,
                                    at: UTCTime(millisecondsSinceEpoch: 1_795_000_000_000), unit: unitID, crop: [0xFF, 0xD8, 0xFF, 0xD9])
        let hits = HotlistMatcher(lists: [list]).match(read, permitted: ["ncic"], at: 0)
        let notice = HitNotice(id: id, hits: hits, capture: CaptureContext(
            site: Site(latitude: 42.2, longitude: -71.9, description: "Route 9 at Main St"), contextJPEG: [0xFF, 0xD8, 0xFF, 0xD9]))
        return StoredNotice(sequence: sequence, committedAtMillis: 1_795_000_000_500, notice: notice)
    }

    /// The body a unit's outbox posts for `stored`, and its `Milepost-Signature` header made by
    /// `signer` (this unit's key unless given).
    func signedNotice(_ stored: StoredNotice, by signer: PolicySigningKey? = nil) throws -> (body: [UInt8], signature: String) {
        let body = [UInt8](try NoticeOutbox.encoder.encode(stored))
        return (body, try NoticeSignature.header(for: body, unitID: unitID, unitKey: signer ?? key))
    }
}

extension TestClientProtocol {
    /// Posts a notice body to the notice ingest route.
    func postNotice(_ body: [UInt8], signature: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature { headers[HTTPField.Name(NoticeSignature.headerName)!] = signature }
        return try await execute(uri: "/api/ingest/notices", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}
