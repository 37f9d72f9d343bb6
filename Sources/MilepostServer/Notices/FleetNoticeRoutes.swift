import Foundation
import HTTPTypes
import Hummingbird
import MilepostCore
import MilepostHotlist
import MilepostPolicy
import MilepostSystem

/// The server's officer console over every unit's notices, on the unit's paths:
///
///     GET  /console                                  the officer console, with each notice's unit (no data in it)
///     GET  /api/notices/stream                       Server-Sent Events; resumes from Last-Event-ID
///     GET  /api/notices/{sequence}                   one notice, by the server's number
///     GET  /api/notices/{sequence}/dispositions      the dispositions recorded for it
///     POST /api/notices/{sequence}/disposition       {"disposition": "confirmed_hit"|"wrong_state"|"misread"|"dismissed", "note": "…"}
///
/// Who may use them is the access layer's decision: `authenticate` names the officer or
/// supervisor behind a request, or throws (401/403). Opening a stream and recording a
/// disposition are written to the server's audit log first; a disposition the log cannot
/// record is taken back and answered 503.
public struct FleetNoticeRoutes<Context: RequestContext>: Sendable {
    public typealias Authenticate = @Sendable (Request, Context) async throws -> AuditActor

    let notices: FleetNoticeStore
    let audit: any AuditRecorder
    /// Where audit entries are written and fsynced.
    let pool: BlockingPool
    let clock: any WallClock
    let authenticate: Authenticate
    let stream: FleetNoticeStream

    public init(notices: FleetNoticeStore, feed: FleetNoticeFeed, audit: any AuditRecorder, pool: BlockingPool, clock: any WallClock,
                heartbeatMillis: Int64 = 15_000, initialBacklog: Int64 = 50, authenticate: @escaping Authenticate) {
        self.notices = notices
        self.audit = audit
        self.pool = pool
        self.clock = clock
        self.authenticate = authenticate
        stream = FleetNoticeStream(notices: notices, feed: feed, clock: clock, heartbeatMillis: heartbeatMillis, initialBacklog: initialBacklog)
    }

    struct DispositionRequest: Decodable {
        var disposition: String
        var note: String?
    }

    static var lastEventID: HTTPField.Name { HTTPField.Name("Last-Event-ID")! }

    public func add(to router: Router<Context>) {
        router.get("console") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: OfficerConsolePage.fleetHTML)))
        }

        router.get("api/notices/stream") { request, context -> Response in
            let actor = try await authenticate(request, context)
            var lastEventID: Int64?
            if let header = request.headers[Self.lastEventID] {
                guard let value = Int64(header.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                    throw HTTPError(.badRequest, message: "Last-Event-ID must be a notice sequence number")
                }
                lastEventID = value
            }
            try await record(AuditEvent(type: "notice.stream.opened", actor: actor, source: Self.source, object: "notices:all-units",
                                        outcome: .recorded(detail: lastEventID.map { "resumed after \($0)" } ?? "new stream")))
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                            body: try await stream.body(lastEventID: lastEventID))
        }

        router.get("api/notices/:sequence") { request, context -> Response in
            _ = try await authenticate(request, context)
            return try Self.json(try await notice(context))
        }

        router.get("api/notices/:sequence/dispositions") { request, context -> Response in
            _ = try await authenticate(request, context)
            return try Self.json(try await notices.dispositions(of: try await notice(context)))
        }

        router.post("api/notices/:sequence/disposition") { request, context -> Response in
            let actor = try await authenticate(request, context)
            let stored = try await notice(context)
            let body = try await request.decode(as: DispositionRequest.self, context: context)
            guard let disposition = Disposition(rawValue: body.disposition) else {
                throw HTTPError(.badRequest, message: "disposition '\(body.disposition)' is not one of: "
                    + Disposition.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let note = (body.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard note.count <= 500 else { throw HTTPError(.badRequest, message: "note is longer than 500 characters") }
            var response = try Self.json(try await keep(disposition, of: stored, by: actor, note: note))
            response.status = .created
            return response
        }
    }

    /// Entries of this console name it as their source: requests reach it through the access layer.
    static var source: String { "server-console" }

    /// Stores the disposition, then audits it; one the audit log cannot record is taken back,
    /// so the log says "recorded" only of a stored disposition and every stored one is in it.
    func keep(_ disposition: Disposition, of stored: FleetNotice, by actor: AuditActor, note: String) async throws -> FleetDisposition {
        let record: FleetDisposition
        do {
            record = try await notices.recordDisposition(disposition, of: stored, officer: actor.id, organisation: actor.organisation,
                                                         note: note, atMillis: clock.now().millisecondsSinceEpoch)
        } catch {
            throw HTTPError(.serviceUnavailable, message: "the disposition was not recorded: the database could not store it (\(PostgresFailure.describe(error)))")
        }
        let event = AuditEvent(type: "notice.disposition", actor: actor, source: Self.source,
                               object: "notice:\(stored.sequence) (unit \(stored.notice.unit), \(stored.notice.id))",
                               outcome: .recorded(detail: disposition.rawValue + (note.isEmpty ? "" : ": " + note)))
        do {
            _ = try await pool.run { [audit] in try audit.record(event) }
        } catch {
            let withdrawn: String
            do {
                try await notices.withdrawDisposition(record.id)
                withdrawn = "it was not kept"
            } catch let withdrawal {
                withdrawn = "it is stored but could not be taken back (\(PostgresFailure.describe(withdrawal)))"
            }
            throw HTTPError(.serviceUnavailable, message: "the disposition was not recorded: the audit log could not record it (\(error)); \(withdrawn)")
        }
        return record
    }

    private func record(_ event: AuditEvent) async throws {
        do {
            _ = try await pool.run { [audit] in try audit.record(event) }
        } catch {
            throw HTTPError(.serviceUnavailable, message: "refused: the server's audit log could not record it (\(error))")
        }
    }

    private func notice(_ context: Context) async throws -> FleetNotice {
        guard let sequence = context.parameters.get("sequence", as: Int64.self) else {
            throw HTTPError(.badRequest, message: "notice sequence must be a number")
        }
        guard let notice = try await notices.notice(sequence) else { throw HTTPError(.notFound, message: "no notice \(sequence)") }
        return notice
    }

    private static func json(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try NoticeOutbox.encoder.encode(value))))
    }
}
