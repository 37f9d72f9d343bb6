import Foundation
import Hummingbird
import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem

/// Who may use the server and the audit of every request (docs/server.md, "Access"). Every
/// request needs `Authorization: Bearer <token>` of a live token in `access_tokens`, except
/// `GET /health` and the units' `POST /api/ingest/reads`, whose batch signature by a
/// registered unit key is its credential. Each request with a valid token is audited as
/// `access.request` before it is handled; if that entry cannot be written the request is
/// refused (503). Requests without a valid token are refused (401) and audited through
/// `RefusalWindows`, bounded per peer. A route refused for the holder's role is audited as
/// `access.forbidden` (403).
public final class ServerAccess: Sendable {
    public let tokens: AccessTokens
    let audit: any AuditRecorder
    let pool: BlockingPool
    let clock: any WallClock
    let logger: Logger
    private let refusals: Locked<RefusalWindows>

    public static let defaultWindowSeconds: Int64 = 60
    public static let defaultMaximumPeers = 256

    public init(tokens: AccessTokens, audit: any AuditRecorder, pool: BlockingPool, clock: any WallClock, logger: Logger,
                windowSeconds: Int64 = defaultWindowSeconds, maximumPeers: Int = defaultMaximumPeers) {
        self.tokens = tokens
        self.audit = audit
        self.pool = pool
        self.clock = clock
        self.logger = logger
        refusals = Locked(RefusalWindows(windowMilliseconds: windowSeconds * 1000, maximumPeers: maximumPeers))
    }

    /// Requests that need no token: the health probe, and batches whose signature is their credential.
    static func needsNoToken(_ request: Request) -> Bool {
        (request.method == .get && (request.uri.path == "/health" || request.uri.path == "/console"))
            || (request.method == .post && (request.uri.path == "/" + IngestRoutes.path || request.uri.path == "/" + NoticeIngestRoutes.path))
    }

    /// The holder of the request's bearer token; throws 401 (audited, bounded per peer) without
    /// a live one, 503 when the token table cannot be read.
    public func authenticate(_ request: Request, source: String) async throws -> ServerIdentity {
        let object = "\(request.method) \(request.uri.path)"
        guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else {
            await refused(source: source, object: object, reason: "no Authorization: Bearer token")
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "an Authorization: Bearer token is required")
        }
        let token = value.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        let identity: ServerIdentity?
        do {
            identity = token.isEmpty ? nil : try await tokens.identity(presenting: token)
        } catch {
            logger.error("token lookup failed", metadata: ["reason": "\(PostgresFailure.describe(error))"])
            throw HTTPError(.serviceUnavailable, message: "the server cannot check tokens now (the database is unavailable); try again later")
        }
        guard let identity else {
            await refused(source: source, object: object, reason: "unknown or revoked token")
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""], message: "unknown or revoked token")
        }
        return identity
    }

    /// The context's holder if their role is one of `roles`; otherwise audits `access.forbidden`
    /// and throws 403 (401 if the request was never authenticated).
    @discardableResult
    public func require(_ roles: Set<ServerRole>, _ request: Request, context: some ServerAuthenticatedContext) async throws -> ServerIdentity {
        guard let identity = context.identity else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "an Authorization: Bearer token is required")
        }
        guard roles.contains(identity.role) else {
            let reason = "role \(identity.role.rawValue) may not do this; it needs \(roles.sorted().map(\.rawValue).joined(separator: " or "))"
            try await record(AuditEvent(type: "access.forbidden", actor: identity.actor, source: context.auditSource,
                                        object: "\(request.method) \(request.uri.path)", outcome: .denied(reason: reason)))
            throw HTTPError(.forbidden, message: reason)
        }
        return identity
    }

    /// Middleware for a route group: only holders of `roles` pass.
    public func requireRole<Context: ServerAuthenticatedContext>(_ roles: Set<ServerRole>) -> RequireRole<Context> {
        RequireRole(access: self, roles: roles)
    }

    /// For route groups generic over any `RequestContext` that take an authenticate closure:
    /// the holder, who must have one of `roles`, as the audit log records them.
    public func authenticator<Context: ServerAuthenticatedContext>(_ roles: Set<ServerRole>) -> @Sendable (Request, Context) async throws -> AuditActor {
        { [self] request, context in try await require(roles, request, context: context).actor }
    }

    /// Writes `event` durably (on the blocking pool); throws 503 if it cannot be written, so
    /// nothing unaudited goes ahead.
    public func record(_ event: AuditEvent) async throws {
        do {
            _ = try await pool.run { [audit] in try audit.record(event) }
        } catch {
            logger.critical("cannot write the server's audit log", metadata: ["event": "\(event.type)", "error": "\(error)"])
            throw HTTPError(.serviceUnavailable, message: "the server's audit log cannot be written; nothing was done")
        }
    }

    func refused(source: String, object: String, reason: String) async {
        let events = refusals.withLock { $0.admit(source: source, object: object, reason: reason, at: clock.now()) }
        await write(events)
    }

    /// Writes the summaries of refusal windows that have ended.
    public func flushEndedWindows() async {
        await write(refusals.withLock { $0.closeWindows(endedBy: clock.now()) })
    }

    /// Writes the summaries of every window, ended or not: at shutdown.
    public func flushAllWindows() async {
        await write(refusals.withLock { $0.closeAll() })
    }

    /// A refused request is refused whether or not its entry is written; a failure is logged.
    private func write(_ events: [AuditEvent]) async {
        for event in events {
            do { try await record(event) } catch {}
        }
    }
}

/// Authenticates every request but `/health` and the ingest route, and audits it before it is
/// handled (see `ServerAccess`).
public struct AccessMiddleware<Context: ServerAuthenticatedContext>: RouterMiddleware {
    let access: ServerAccess

    public init(access: ServerAccess) { self.access = access }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ServerAccess.needsNoToken(request) { return try await next(request, context) }
        let source = context.auditSource
        let identity = try await access.authenticate(request, source: source)
        try await access.record(AuditEvent(type: "access.request", actor: identity.actor, source: source,
                                           object: "\(request.method) \(request.uri.path)",
                                           outcome: .recorded(detail: "role \(identity.role.rawValue), token '\(identity.tokenName)'")))
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}

/// Lets through only holders of some roles (`ServerAccess.requireRole`).
public struct RequireRole<Context: ServerAuthenticatedContext>: RouterMiddleware {
    let access: ServerAccess
    let roles: Set<ServerRole>

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await access.require(roles, request, context: context)
        return try await next(request, context)
    }
}
