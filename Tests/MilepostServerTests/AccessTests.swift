import Foundation
import HummingbirdTesting
import MilepostCore
import MilepostPolicy
import MilepostServer
import MilepostTesting
import PostgresNIO
import Testing

@Suite struct ServerRoleTests {
    @Test func aRoleIsParsedOrNamedWithTheValidOnes() throws {
        #expect(try ServerRole(parsing: "searcher") == .searcher)
        #expect(throws: AccessTokenError.invalidRole("admin")) { try ServerRole(parsing: "admin") }
        #expect(AccessTokenError.invalidRole("admin").description == "role 'admin' is not a server role; one of supervisor, officer, auditor, searcher")
    }
}

extension PostgresBackedTests {
    @Suite struct Access {
        @Test func tokensAreStoredOnlyAsDigestsAndRevokedTokensStopWorking() async throws {
            try await TestServer.run { server, _ in
                let tokens = server.parts.tokens
                let token = try await tokens.issue(role: .searcher, holderID: "badge-311", name: "laptop")
                #expect(try await tokens.identity(presenting: token) == ServerIdentity(holderID: "badge-311", tokenName: "laptop", role: .searcher))
                #expect(try await tokens.identity(presenting: token + "x") == nil)

                // The table holds the digest, never the token.
                var stored: [[UInt8]] = []
                for try await digest in try await server.parts.database.client.query("SELECT token_digest FROM access_tokens").decode(ByteBuffer.self) {
                    stored.append(Array(buffer: digest))
                }
                #expect(stored == [AccessTokens.digest(of: token)])
                #expect(try await TestPostgres.count(
                    "SELECT count(*) FROM access_tokens WHERE position(convert_to(\(token), 'UTF8') IN token_digest) > 0 OR holder_id = \(token) OR name = \(token)",
                    in: server.parts.database) == 0)

                await #expect(throws: AccessTokenError.alreadyIssued(holderID: "badge-311", name: "laptop")) {
                    try await tokens.issue(role: .officer, holderID: "badge-311", name: "laptop")
                }
                await #expect(throws: AccessTokenError.invalidField(field: "token name", value: "my laptop", reason: "must not contain spaces or control characters")) {
                    try await tokens.issue(role: .officer, holderID: "badge-311", name: "my laptop")
                }

                try await tokens.revoke(holderID: "badge-311", name: "laptop")
                #expect(try await tokens.identity(presenting: token) == nil)
                await #expect(throws: AccessTokenError.notFound(holderID: "badge-311", name: "laptop")) {
                    try await tokens.revoke(holderID: "badge-311", name: "laptop")
                }
                let listed = try await tokens.all()
                #expect(listed.map(\.name) == ["laptop"] && listed.first?.revokedAt != nil)
                // The name is free again once its token is revoked.
                _ = try await tokens.issue(role: .searcher, holderID: "badge-311", name: "laptop")
            }
        }

        @Test func everyRequestWithATokenIsAuditedAndTheRoleIsEnforced() async throws {
            try await TestServer.run { server, client in
                let officer = try await server.parts.tokens.issue(role: .officer, holderID: "badge-12", name: "console")
                let response = try await client.execute("/api/search", method: .post, token: officer, body: "{}")
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("role officer may not do this; it needs searcher or supervisor"))

                let requests = try server.entries("access.request")
                #expect(requests.map(\.actor.id) == ["badge-12"])
                #expect(requests.first?.object == "POST /api/search")
                #expect(requests.first?.outcome == .recorded(detail: "role officer, token 'console'"))
                let forbidden = try server.entries("access.forbidden")
                #expect(forbidden.map(\.actor.id) == ["badge-12"])

                // /health needs no token and is not audited.
                #expect(try await client.execute("/health", method: .get, token: nil).status == .ok)
                #expect(try server.audit.wholeEntries().count == 2)
            }
        }

        @Test func requestsWithoutAValidTokenAreRefusedAndTheirAuditIsBoundedPerPeer() async throws {
            try await TestServer.run { server, client in
                let missing = try await client.execute("/api/search", method: .post, token: nil, body: "{}")
                #expect(missing.status == .unauthorized)
                #expect(missing.headers[.wwwAuthenticate] == "Bearer")
                for _ in 0..<3 {
                    #expect(try await client.execute("/api/search", method: .post, token: "mps_forged", body: "{}").status == .unauthorized)
                }
                // The first is audited in full, the other three counted in its window.
                let refused = try server.entries("access.unauthenticated")
                #expect(refused.count == 1)
                #expect(refused.first?.outcome == .denied(reason: "no Authorization: Bearer token"))
                #expect(try server.entries("access.request").isEmpty)

                server.clock.advance(seconds: 61)
                await server.access.flushEndedWindows()
                let summaries = try server.entries("access.unauthenticated.summary")
                #expect(summaries.count == 1)
                #expect(summaries.first?.object.hasPrefix("3 further refused requests from unknown") == true)
                #expect(summaries.first?.outcome == .denied(reason: "the last: unknown or revoked token"))
            }
        }
    }
}

extension PostgresBackedTests {
    @Suite struct NoticeAccess {
        @Test func theConsolePageIsOpenButNoticesNeedAnOfficerOrSupervisorToken() async throws {
            try await TestServer.run { server, client in
                #expect(try await client.execute("/console", method: .get, token: nil).status == .ok)
                #expect(try await client.execute("/api/notices/1", method: .get, token: nil).status == .unauthorized)
                let searcher = try await server.parts.tokens.issue(role: .searcher, holderID: "det-9", name: "laptop")
                #expect(try await client.execute("/api/notices/1", method: .get, token: searcher).status == .forbidden)
                let officer = try await server.parts.tokens.issue(role: .officer, holderID: "badge-311", name: "phone")
                #expect(try await client.execute("/api/notices/1", method: .get, token: officer).status == .notFound)
                #expect(try server.entries("access.forbidden").count == 1)
            }
        }
    }
}
