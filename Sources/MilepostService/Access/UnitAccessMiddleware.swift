import Hummingbird
import MilepostPolicy
import MilepostSystem

/// The gate in front of every route of the unit's API: a request for a route the access table
/// marks as needing a token passes only with a bearer token whose role the route admits.
///
/// Every request through it is audited. One let through is written as `api.request` before
/// the route runs (if it cannot be written, the request is refused with 503). One refused
/// (no token or an unknown one: 401; a role the route does not admit: 403; no such route: 404)
/// goes to `RefusalAudit`, which writes the first from a peer in a window in full and counts
/// the rest into one summary, so a flood cannot fill the log yet every refusal is counted.
public struct UnitAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: UnitAccessTable
    let tokens: any OfficerAuthenticating
    let recorder: any AuditRecorder
    /// The unit's policy queue, where every audit write runs.
    let queue: SerialLane
    let refusals: RefusalAudit
    let organisation: String

    public init(table: UnitAccessTable = .unit, tokens: any OfficerAuthenticating, recorder: any AuditRecorder, queue: SerialLane,
                refusals: RefusalAudit, organisation: String) {
        self.table = table
        self.tokens = tokens
        self.recorder = recorder
        self.queue = queue
        self.refusals = refusals
        self.organisation = organisation
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = "\(request.method) \(request.uri.path)"
        guard let rule = table.rule(method: request.method, path: request.uri.path) else {
            await refuse(type: "api.unknown-route", holder: nil, route: route, context: context, reason: "no such route")
            throw HTTPError(.notFound, message: "no route \(route)")
        }
        guard rule.needsToken else { return try await next(request, context) }
        let credential: UnitCredential
        do {
            credential = try await tokens.credential(for: request)
        } catch {
            await refuse(type: "api.unauthenticated", holder: nil, route: route, context: context,
                         reason: (error as? HTTPError)?.body ?? "\(error)")
            throw error
        }
        guard rule.roles.contains(credential.role) else {
            let reason = "\(UnitAccessTable.roleRefusalPrefix) \(credential.role.rawValue); it admits "
                + rule.roles.sorted().map(\.rawValue).joined(separator: ", ")
            await refuse(type: "api.forbidden", holder: credential, route: route, context: context, reason: reason)
            throw HTTPError(.forbidden, message: reason)
        }
        let event = AuditEvent(type: "api.request", actor: actor(credential), source: context.auditSource,
                               object: "\(route) as \(credential.role.rawValue)", outcome: .allowed(resultCount: nil))
        do {
            try await queue.run { [recorder] in _ = try recorder.record(event) }
        } catch {
            throw HTTPError(.serviceUnavailable, message: "the request cannot be audited: \(error)")
        }
        return try await next(request, context)
    }

    private func actor(_ credential: UnitCredential?) -> AuditActor {
        guard let credential else { return AuditActor(id: "unauthenticated", organisation: "") }
        return AuditActor(id: "\(credential.holder) (\(credential.role.rawValue))", organisation: organisation)
    }

    private func refuse(type: String, holder: UnitCredential?, route: String, context: Context, reason: String) async {
        await refusals.refused(UnauthenticatedRefusal(type: type, actor: actor(holder), source: context.auditSource,
                                                      object: route, reason: reason))
    }
}
