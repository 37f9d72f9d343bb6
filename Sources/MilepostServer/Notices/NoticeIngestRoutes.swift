import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostHotlist
import MilepostIngest
import MilepostPolicy

/// `POST /api/ingest/notices` (docs/server-ingest.md): one hit notice a unit forwards through
/// its outbox, signed with its unit key, stored once per `(unit, notice id)` and then shown on
/// the server's notice streams.
public struct NoticeIngestRoutes: Sendable {
    public let keys: UnitKeyRegistry
    public let notices: FleetNoticeStore
    public let feed: FleetNoticeFeed
    public let clock: any WallClock
    public let logger: Logger

    public init(keys: UnitKeyRegistry, notices: FleetNoticeStore, feed: FleetNoticeFeed, clock: any WallClock, logger: Logger) {
        self.keys = keys
        self.notices = notices
        self.feed = feed
        self.clock = clock
        self.logger = logger
    }

    public static let path = "api/ingest/notices"
    /// A notice is its text and two JPEGs (the plate crop and the scene), base64 in JSON.
    public static let maximumBodyBytes = 8 << 20

    /// The answer to a notice the server holds, new or resent.
    public struct Acknowledgement: Codable, Sendable, Equatable {
        public var unit: String
        public var noticeID: String
        /// The server's number for the notice.
        public var sequence: Int64
        public var newlyStored: Bool
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(Self.path)) { request, _ -> Response in
            let body = try await request.body.collect(upTo: Self.maximumBodyBytes)
            let header = request.headers[HTTPField.Name(NoticeSignature.headerName)!]
            do {
                let acknowledgement = try await ingest(body: Array(buffer: body), signature: header)
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: try NoticeOutbox.encoder.encode(acknowledgement))))
            } catch let error as IngestError {
                logger.warning("notice refused", metadata: ["reason": "\(error.message)"])
                throw HTTPError(IngestRoutes.status(for: error.code), message: error.message)
            } catch let error as HTTPError {
                throw error
            } catch {
                logger.error("notice not stored", metadata: ["reason": "\(PostgresFailure.describe(error))"])
                throw HTTPError(.serviceUnavailable, message: "the notice was not stored (the database is unavailable); send it again later")
            }
        }
    }

    /// Verifies, decodes, stores and publishes one notice body. A notice signed by a key the
    /// server does not know is refused before its body is decoded.
    func ingest(body: [UInt8], signature: String?) async throws -> Acknowledgement {
        let named = signature.flatMap(BatchSignature.keyID(inHeader:))
        let key = try await named.asyncFlatMap { try await keys.key($0) }
        if key == nil, let named {
            throw IngestError(.unknownUnitKey, "notice signed by key \(named), which is not a registered unit key")
        }
        let stored: StoredNotice
        do {
            stored = try JSONDecoder().decode(StoredNotice.self, from: Data(body))
        } catch {
            throw IngestError(.malformedBatch, "the body is not a hit notice as a unit's outbox sends it: \(Self.summary(of: error))")
        }
        _ = try NoticeSignature.verify(signature, body: body, unitID: stored.notice.unit, registered: { id in id == key?.id ? key : nil })
        let result = try await notices.store(stored.notice, unitSequence: stored.sequence, committedAtMillis: stored.committedAtMillis,
                                             receivedAtMillis: clock.now().millisecondsSinceEpoch)
        if result.isNew {
            feed.publish(result.notice)
            logger.notice("hit notice stored", metadata: [
                "unit": "\(stored.notice.unit)", "notice": "\(stored.notice.id)", "sequence": "\(result.notice.sequence)",
            ])
        }
        return Acknowledgement(unit: stored.notice.unit.rawValue, noticeID: stored.notice.id, sequence: result.notice.sequence,
                               newlyStored: result.isNew)
    }

    /// The decoding error with the path of the field at fault.
    static func summary(of error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let at = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return context.debugDescription + (at.isEmpty ? "" : " (at \(at))")
        default:
            return "\(error)"
        }
    }
}
