import Foundation
import Hummingbird
import MilepostCore
import MilepostPolicy
import MilepostSystem

/// The policy API of a running unit (while it runs it holds the audit log, so this is how
/// documents are installed and searches run):
///
///     POST /api/policy/documents     {"token": "v4.public…", "installer": {"id", "organisation"}}
///                                    install a targeting authorization, revocation list or search approval
///     GET  /api/policy/status        what the unit holds and until when (ids and states only)
///     GET  /api/audit/checkpoints    the signed audit checkpoints, one token per line, to ship off the unit
///     POST /api/search               {"approval": "v4.public…", "requester": {"id", "organisation"},
///                                     "caseNumber", "purpose"?, "plate"?, "from", "to", "bulkExport"?}
///                                    with `Authorization: Bearer <token of the requester>`
///     GET  /api/notices/{id}/read    an officer's lookup of the stored read behind a hit notice
///                                    they received: not gated by an approval, but it needs
///                                    the officer's bearer token and is logged
///
/// In the running unit every request first passes `UnitAccessMiddleware`, which admits only a
/// token whose role the route admits (docs/unit-access.md); the checks below come after it.
///
/// Authentication: an install is authorised by the document's own signature, verified exactly
/// as `milepost auth install` does (chain, unit, window, revocation, serial); the claimed
/// installer and the peer address are audited with it. A search is authorised by the signed
/// approval it carries, and only for the requester the approval names, who must prove who they
/// are with their own bearer token (`milepost tokens issue --role searcher`): an approval that leaks is
/// not enough to search. The requester's identity, the peer address and the outcome go into
/// the audit log. Refusals are 403 with the
/// reason; malformed requests 400; an unwritable audit log 503.
///
/// A request that identifies no one (no bearer token or an unknown one, or a document not
/// from the Chief's trust chain) is refused and audited through `RefusalAudit`: the first from
/// a peer in a window in full, the rest of that window as one counted summary, so a peer
/// cannot flood the audit log. Everything else is audited one entry per request.
public struct PolicyRoutes: Sendable {
    let unit: UnitPolicy
    let search: ApprovedSearch
    let requesters: any OfficerAuthenticating
    /// Where installs, searches and status reads run: they write and fsync the audit log, the
    /// use ledger and installed documents, and read the store. The unit's policy queue, shared
    /// with every other audit writer.
    let queue: SerialLane
    /// Where refusals of requests that identify no one are audited, bounded per peer.
    let refusals: RefusalAudit

    public init(unit: UnitPolicy, search: ApprovedSearch, requesters: any OfficerAuthenticating, queue: SerialLane,
                refusals: RefusalAudit) {
        self.unit = unit
        self.search = search
        self.requesters = requesters
        self.queue = queue
        self.refusals = refusals
    }

    /// The unit's routes over its own policy state and read store; `requesters` holds the
    /// bearer tokens of the people who may run searches (the unit's officer tokens).
    public init(unit: UnitPolicy, reads: any SearchableReads, requesters: any OfficerAuthenticating,
                notices: (any HitNoticeDirectory)? = nil, queue: SerialLane, refusals: RefusalAudit) {
        self.init(unit: unit, search: ApprovedSearch(gate: unit.searchGate, store: reads, notices: notices),
                  requesters: requesters, queue: queue, refusals: refusals)
    }

    struct Party: Codable, Sendable {
        var id: String
        var organisation: String?
    }

    struct InstallRequest: Decodable {
        var token: String
        var installer: Party?
    }

    struct InstallResponse: ResponseEncodable {
        var installed: String
    }

    struct SearchRequest: Decodable {
        var approval: String
        var requester: Party
        var caseNumber: String
        var purpose: String?
        var plate: String?
        var from: UTCTime
        var to: UTCTime
        var bulkExport: Bool?
    }

    struct NoticeLookupResponse: ResponseEncodable {
        var notice: String
        var sequence: UInt64
        var plate: String
        var reads: [FoundRead]
    }

    struct SearchResponse: ResponseEncodable {
        var approvalID: String
        var use: Int
        var maxUses: Int
        var count: Int
        var reads: [FoundRead]
        var damaged: [String]
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.post("api/policy/documents") { request, context -> Response in
            let body = try await request.decode(as: InstallRequest.self, context: context)
            let actor = AuditActor(id: body.installer?.id ?? "unnamed installer", organisation: body.installer?.organisation ?? unit.unitKey.holder.organisation)
            let source = context.auditSource
            let document = "document posted from \(source)"
            if let refusal = DocumentScreen.unauthenticatedRefusal(body.token, verifier: unit.documents, now: unit.now, document: document) {
                await refusals.refused(UnauthenticatedRefusal(type: "policy.install-refused", actor: actor, source: source, object: document,
                                                              reason: refusal.message))
                throw HTTPError(Self.status(for: refusal.code), message: refusal.message)
            }
            let installed = try await policyCall {
                try unit.install(token: body.token, actor: actor, source: source, document: document)
            }
            return try json(InstallResponse(installed: installed.description), status: .created)
        }

        router.get("api/policy/status") { _, _ -> Response in
            try json(try await policyCall { try PolicyStatusReport(unit) }, status: .ok)
        }

        router.get("api/audit/checkpoints") { _, _ -> Response in
            let bytes = try await policyCall { try unit.audit.checkpointStorage.readAll() }
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }

        // `:sequence` as in NoticeRoutes (the router needs one name per path position); it also takes a notice id.
        router.get("api/notices/:sequence/read") { request, context -> Response in
            let id = try context.parameters.require("sequence")
            let officer = AuditActor(id: try await authenticate(request, context: context, refusal: "hit-notice.lookup.unauthenticated", object: "notice \(id)"),
                                     organisation: unit.unitKey.holder.organisation)
            let source = context.auditSource
            let found = try await policyCall { try search.lookUpHitNotice(id, officer: officer, source: source) }
            return try json(NoticeLookupResponse(notice: found.notice.id, sequence: found.notice.sequence, plate: found.notice.plate,
                                                 reads: found.reads), status: .ok)
        }

        router.post("api/search") { request, context -> Response in
            let authenticated = try await authenticate(request, context: context, refusal: "search.unauthenticated", object: "search")
            let asked: ApprovedSearch.Request
            do {
                asked = try await searchRequest(request, context: context, officer: authenticated)
            } catch {
                // An officer's attempt refused before the gate: audited one by one, like the gate's refusals.
                await auditRefusedAttempt(by: authenticated, source: context.auditSource, reason: (error as? HTTPError)?.body ?? "\(error)")
                throw error
            }
            let result = try await policyCall { try search.run(asked) }
            return try json(SearchResponse(approvalID: result.approvalID, use: result.use, maxUses: result.maxUses, count: result.reads.count,
                                           reads: result.reads, damaged: result.damaged), status: .ok)
        }
    }

    /// The search an authenticated officer asks for; throws 400 or 403 when the request is
    /// malformed or states another requester.
    private func searchRequest(_ request: Request, context: some RequestContext, officer: String) async throws -> ApprovedSearch.Request {
        let body = try await request.decode(as: SearchRequest.self, context: context)
        guard body.requester.id == officer else {
            throw HTTPError(.forbidden, message: "the bearer token is \(officer)'s, not the stated requester \(body.requester.id)'s")
        }
        let plate: PlatePattern?
        do {
            plate = try body.plate.map { try PlatePattern($0) }
        } catch let error as PlateTextError {
            throw HTTPError(.badRequest, message: error.description)
        }
        let query = SearchQuery(kind: body.bulkExport == true ? .bulkExport : .plateSearch, plate: plate, from: body.from, to: body.to)
        let requester = AuditActor(id: body.requester.id, organisation: body.requester.organisation ?? "")
        return ApprovedSearch.Request(query: query, approvalToken: body.approval.trimmingCharacters(in: .whitespacesAndNewlines),
                                      requester: requester, source: context.auditSource,
                                      caseNumber: body.caseNumber, purpose: body.purpose)
    }

    /// Writes `search.denied` for an officer's search refused before it reached the gate. The
    /// request is refused whether or not the write succeeds (as for a refused install).
    private func auditRefusedAttempt(by officer: String, source: String, reason: String) async {
        let event = AuditEvent(type: "search.denied", actor: AuditActor(id: officer, organisation: unit.unitKey.holder.organisation),
                               source: source, object: "search", outcome: .denied(reason: reason))
        _ = try? await queue.run { [unit] in _ = try unit.audit.record(event) }
    }

    /// The officer the request's bearer token names; a request without a valid one is refused
    /// and the refusal audited through `refusals` (bounded per peer).
    private func authenticate(_ request: Request, context: some RequestContext, refusal type: String, object: String) async throws -> String {
        do {
            return try await requesters.officer(for: request)
        } catch {
            let reason = (error as? HTTPError)?.body ?? "\(error)"
            await refusals.refused(UnauthenticatedRefusal(type: type, actor: AuditActor(id: "unauthenticated", organisation: ""),
                                                          source: context.auditSource, object: object, reason: reason))
            throw error
        }
    }

    /// Runs blocking policy work on the policy queue (off the event loop and the cooperative
    /// pool) and turns refusals into HTTP statuses.
    private func policyCall<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await queue.run(body)
        } catch let error as PolicyError {
            throw HTTPError(Self.status(for: error.code), message: error.message)
        }
    }

    static func status(for code: PolicyError.Code) -> HTTPResponse.Status {
        switch code {
        case .malformedToken, .unsupportedTokenVersion, .invalidField, .wrongDocumentKind: return .badRequest
        case .auditUnavailable, .auditChainBroken, .io: return .serviceUnavailable
        default: return .forbidden
        }
    }

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try Self.encoder.encode(value))))
    }
}
