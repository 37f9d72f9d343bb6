import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostIngest
import MilepostPolicy

/// `POST /api/ingest/reads` (docs/server-ingest.md): a unit's signed batch, verified against
/// the registered unit keys before its body is decoded, stored, and acknowledged.
public struct IngestRoutes: Sendable {
    public let keys: UnitKeyRegistry
    public let ingestor: ReadIngestor
    public let logger: Logger

    public init(keys: UnitKeyRegistry, ingestor: ReadIngestor, logger: Logger) {
        self.keys = keys
        self.ingestor = ingestor
        self.logger = logger
    }

    public static let path = "api/ingest/reads"

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(Self.path)) { request, _ -> Response in
            let body = try await request.body.collect(upTo: ReadBatchCodec.maximumBodyBytes)
            let header = request.headers[HTTPField.Name(BatchSignature.headerName)!]
            do {
                let acknowledgement = try await ingest(body: Array(buffer: body), signature: header)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(acknowledgement))))
            } catch let error as IngestError {
                logger.warning("batch refused", metadata: ["reason": "\(error.message)"])
                throw HTTPError(Self.status(for: error.code), message: error.message)
            } catch let error as ReadIngestor.SequenceReused {
                logger.error("batch refused", metadata: ["reason": "\(error)"])
                throw HTTPError(.conflict, message: error.description)
            } catch let error as HTTPError {
                throw error
            } catch {
                // Nothing was committed; the unit keeps its cursor and sends the batch again later.
                logger.error("batch not stored", metadata: ["reason": "\(PostgresFailure.describe(error))"])
                throw HTTPError(.serviceUnavailable, message: "the batch was not stored (the database is unavailable); send it again later")
            }
        }
    }

    /// Verifies, decodes and stores one batch body. A batch signed by a key the server does not
    /// know is refused before its body is decoded.
    func ingest(body: [UInt8], signature: String?) async throws -> IngestAcknowledgement {
        let named = signature.flatMap(Self.keyID(inHeader:))
        let key = try await named.asyncFlatMap { try await keys.key($0) }
        if key == nil, let named {
            throw IngestError(.unknownUnitKey, "batch signed by key \(named), which is not a registered unit key")
        }
        let batch = try ReadBatchCodec.decode(body)
        // Checks the header's shape, that the key belongs to the batch's unit, and the signature
        // over this body and unit.
        _ = try BatchSignature.verify(signature, body: body, unitID: batch.unitID, registered: { id in id == key?.id ? key : nil })
        return try await ingestor.store(batch)
    }

    /// The key id of a `v1 <keyID> <signature>` header, if it has that shape.
    static func keyID(inHeader header: String) -> KeyID? {
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "v1" else { return nil }
        return KeyID(rawValue: String(parts[1]))
    }

    static func status(for code: IngestError.Code) -> HTTPResponse.Status {
        switch code {
        case .malformedBatch, .outOfOrder, .malformedSignature, .malformedAcknowledgement: return .badRequest
        case .unknownUnitKey, .wrongUnit: return .forbidden
        case .badSignature: return .unauthorized
        case .tooLarge: return .contentTooLarge
        }
    }
}

extension Optional {
    func asyncFlatMap<Mapped>(_ transform: (Wrapped) async throws -> Mapped?) async rethrows -> Mapped? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
