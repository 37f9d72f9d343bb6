import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostPolicy
import MilepostServer
import MilepostTesting

/// The server's routes as `serve` builds them, on a fresh database, with the server's own
/// audit log and (when given) search policy in a temporary directory.
struct TestServer {
    let parts: DepartmentServer.Parts
    let audit: AuditLog
    let access: ServerAccess
    let policy: ServerPolicy?
    let clock: ManualWallClock

    /// `policy` is handed the audit log and returns the policy to search under, or nil (no
    /// `policyDirectory`).
    static func run(clock: ManualWallClock = ManualWallClock(),
                    policy makePolicy: @escaping @Sendable (String, AuditLog, ManualWallClock) throws -> ServerPolicy? = { _, _, _ in nil },
                    _ body: @Sendable @escaping (TestServer, any TestClientProtocol) async throws -> Void) async throws {
        let directory = try TemporaryDirectory("server-access")
        defer { directory.remove() }
        try await TestPostgres.withDatabase { database in
            let parts = DepartmentServer.Parts(database: database, clock: clock)
            let audit = try ServerAuditLog.open(directory: directory.appending("audit"), clock: clock)
            let policy = try makePolicy(directory.appending("policy"), audit, clock)
            let access = ServerAccess(tokens: parts.tokens, audit: audit, pool: .forTests, clock: clock, logger: TestPostgres.logger)
            let server = TestServer(parts: parts, audit: audit, access: access, policy: policy, clock: clock)
            let app = Application(router: parts.router(access: access, policy: policy, pool: .forTests, logger: TestPostgres.logger))
            try await app.test(.router) { client in try await body(server, client) }
        }
    }

    /// The audit entries of `type` so far.
    func entries(_ type: String) throws -> [AuditEntry] {
        try audit.wholeEntries().filter { $0.event == type }
    }
}

extension TestClientProtocol {
    /// A request with `token` as its bearer token (none when nil).
    func execute(_ uri: String, method: HTTPRequest.Method, token: String?, headers: HTTPFields = [:], body: String? = nil) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}
