import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostIngest
import MilepostPolicy
import MilepostTesting

/// A unit as the server sees it: its key, and batches of its reads signed with that key.
struct SimulatedUnit {
    let unitID: UnitID
    let key: PolicySigningKey

    init(_ unitID: UnitID) {
        self.unitID = unitID
        key = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: unitID.rawValue, organisation: "Leicester PD"))
    }

    /// Reads with sequences `sequences`, captured `spacing` milliseconds apart from `start`.
    func batch(_ sequences: ClosedRange<UInt64>, from start: UTCTime = ManualWallClock.defaultStart, spacing: Int64 = 1000,
               overwrittenBeforeUpload: UInt64 = 0, crop: [UInt8] = [0xFF, 0xD8, 0xFF, 0xD9]) throws -> ReadBatch {
        let reads = try sequences.map { sequence in
            var read = PlateRead.sample(try PlateText(normalizing: "ABC\(1000 + sequence % 9000)"), state: "MA", confidence: 870,
                                        at: start.adding(milliseconds: Int64(sequence) * spacing), unit: unitID, crop: crop)
            read.alternatives = [AlternativeReading(plate: try PlateText(normalizing: "A8C\(1000 + sequence % 9000)"), confidence: 120)]
            return SequencedRead(sequence: sequence, read: read)
        }
        return ReadBatch(unitID: unitID, reads: reads, overwrittenBeforeUpload: overwrittenBeforeUpload)
    }

    /// The body and `Milepost-Signature` header for `batch`, signed by `signer` (this unit's key unless given).
    func signed(_ batch: ReadBatch, by signer: PolicySigningKey? = nil) throws -> (body: [UInt8], signature: String) {
        let body = ReadBatchCodec.encode(batch)
        return (body, try BatchSignature.header(for: body, unitID: batch.unitID, unitKey: signer ?? key))
    }
}

extension TestClientProtocol {
    /// Posts a signed body to the ingest route.
    func postBatch(_ body: [UInt8], signature: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: ReadBatchCodec.contentType]
        if let signature { headers[HTTPField.Name(BatchSignature.headerName)!] = signature }
        return try await execute(uri: "/api/ingest/reads", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}
