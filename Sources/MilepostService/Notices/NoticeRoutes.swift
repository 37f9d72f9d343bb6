import Foundation
import HTTPTypes
import Hummingbird
import MilepostCore
import MilepostHotlist
import MilepostSystem

/// The officer-facing HTTP routes of a unit:
///
///     GET  /console                                  the officer web console (no data in it)
///     GET  /api/notices/stream                       Server-Sent Events; resumes from Last-Event-ID
///     GET  /api/notices/{sequence}                   one notice
///     GET  /api/notices/{sequence}/dispositions      dispositions recorded for it
///     POST /api/notices/{sequence}/disposition       {"disposition": "confirmed_hit"|"wrong_state"|"misread"|"dismissed", "note": "…"}
///
/// Everything under /api needs `Authorization: Bearer <token>`. A disposition answers 201 with
/// the stored record, or, when it cannot be both stored and audited, 507 (disk full) or 503
/// with `{"error": {"message": "…"}}` naming what failed; nothing is kept then.
public struct NoticeRoutes: Sendable {
    let outbox: NoticeOutbox
    let dispositions: DispositionStore
    let keeper: DispositionKeeper
    let tokens: any OfficerAuthenticating
    let audit: any NoticeAuditSink
    let clock: any WallClock
    let stream: NoticeEventStream
    /// Where notice and disposition files are read and written (a disposition is written and
    /// fsynced): the unit's notices queue. The audit sink has its own.
    let queue: SerialLane

    public init(
        outbox: NoticeOutbox, dispositions: DispositionStore, tokens: any OfficerAuthenticating, audit: any NoticeAuditSink,
        clock: any WallClock, heartbeatMillis: Int64 = 15_000, initialBacklog: UInt64 = 50,
        queue: SerialLane
    ) {
        self.outbox = outbox
        self.dispositions = dispositions
        keeper = DispositionKeeper(store: dispositions, audit: audit, queue: queue)
        self.tokens = tokens
        self.audit = audit
        self.clock = clock
        self.queue = queue
        stream = NoticeEventStream(outbox: outbox, clock: clock, heartbeatMillis: heartbeatMillis, initialBacklog: initialBacklog,
                                   queue: queue)
    }

    struct DispositionRequest: Decodable {
        var disposition: String
        var note: String?
    }

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("console") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: OfficerConsolePage.html)))
        }

        router.get("api/notices/stream") { request, _ -> Response in
            let officer = try await tokens.officer(for: request)
            var lastEventID: UInt64?
            if let header = request.headers[Self.lastEventID] {
                guard let value = UInt64(header.trimmingCharacters(in: .whitespaces)) else {
                    throw HTTPError(.badRequest, message: "Last-Event-ID must be a notice sequence number")
                }
                lastEventID = value
            }
            try await audit.record(NoticeAuditEvent(
                action: .streamOpened, officer: officer, noticeSequence: lastEventID, noticeID: nil,
                detail: lastEventID.map { "resumed after \($0)" } ?? "new stream", atMillis: clock.now().millisecondsSinceEpoch))
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: stream.body(lastEventID: lastEventID))
        }

        router.get("api/notices/:sequence") { request, context -> Response in
            _ = try await tokens.officer(for: request)
            let stored = try await notice(context)
            return try json(stored)
        }

        router.get("api/notices/:sequence/dispositions") { request, context -> Response in
            _ = try await tokens.officer(for: request)
            let stored = try await notice(context)
            let records = try await queue.run { [dispositions] in try dispositions.records(for: stored.sequence) }
            return try json(records)
        }

        router.post("api/notices/:sequence/disposition") { request, context -> Response in
            let officer = try await tokens.officer(for: request)
            let stored = try await notice(context)
            let body = try await request.decode(as: DispositionRequest.self, context: context)
            guard let disposition = Disposition(rawValue: body.disposition) else {
                throw HTTPError(.badRequest, message: "disposition '\(body.disposition)' is not one of: "
                    + Disposition.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let note = (body.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard note.count <= 500 else { throw HTTPError(.badRequest, message: "note is longer than 500 characters") }
            let record = DispositionRecord(
                sequence: stored.sequence, noticeID: stored.notice.id, disposition: disposition,
                officer: officer, note: note, atMillis: clock.now().millisecondsSinceEpoch)
            do throws(DispositionNotKept) {
                try await keeper.keep(record)
            } catch {
                throw HTTPError(error.isDiskFull ? Self.insufficientStorage : .serviceUnavailable, message: error.description)
            }
            var response = try json(record)
            response.status = .created
            return response
        }
    }

    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")

    private func notice(_ context: some RequestContext) async throws -> StoredNotice {
        guard let sequence = context.parameters.get("sequence", as: UInt64.self) else {
            throw HTTPError(.badRequest, message: "notice sequence must be a number")
        }
        return try await queue.run { [outbox] () throws -> StoredNotice in
            do { return try outbox.notice(sequence) } catch OutboxError.unknownNotice {
                throw HTTPError(.notFound, message: "no notice \(sequence)")
            }
        }
    }

    private func json(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try NoticeOutbox.encoder.encode(value))))
    }
}
