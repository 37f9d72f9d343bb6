import AsyncHTTPClient
import Foundation
import MilepostPolicy
import MilepostTesting
import NIOCore
import ServiceLifecycle
import Testing
@testable import MilepostService

/// The running unit's API against the access table: every route it serves, called with a
/// token of each role and with none, answers as the table (and docs/unit-access.md) says. The
/// unit starts only if its routes and the table's are the same (`differences(from:)`).
@Suite(.serialized) struct UnitAccessTests {
    struct Answer {
        var status: Int
        var body: String
    }

    /// One request to the unit on `port`; a `:name` segment becomes 1, a POST carries `{}`.
    static func call(_ rule: UnitAccessTable.Rule, token: String?, port: Int, client: HTTPClient) async throws -> Answer {
        let path = rule.path.split(separator: "/").map { $0.hasPrefix(":") ? "1" : String($0) }.joined(separator: "/")
        return try await call(rule.method.rawValue, path, token: token, port: port, client: client)
    }

    static func call(_ method: String, _ path: String, token: String?, port: Int, client: HTTPClient) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/\(path)")
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        // The stream answers 400 before streaming to a bad Last-Event-ID, so no call stays open.
        request.headers.add(name: "Last-Event-ID", value: "not-a-number")
        if method == "POST" {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: "{}"))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: body))
    }

    @Test func everyRouteAnswersEachRoleAndNoTokenAsTheTableSays() async throws {
        let bench = try UnitTestBench("unit-access")
        let editor = UnitTokenFileEditor(path: bench.layout.officerTokens)
        var tokens: [UnitRole: String] = [:]
        for role in UnitRole.allCases { tokens[role] = try editor.issue(UnitCredential(holder: "holder-\(role.rawValue)", role: role)) }
        var unit = bench.unit(try bench.config())
        let (ports, portSignal) = AsyncStream<Int>.makeStream()
        unit.onServerRunning = { portSignal.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [unit], logger: UnitLifecycleTests.quiet))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var unauthenticatedCalls = 0
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var port = 0
            for await bound in ports { port = bound; break }
            for rule in UnitAccessTable.unit.rules {
                let route = "\(rule.method) /\(rule.path)"
                let anonymous = try await Self.call(rule, token: nil, port: port, client: client)
                if rule.needsToken {
                    unauthenticatedCalls += 1
                    #expect(anonymous.status == 401, "\(route) without a token: \(anonymous.status) \(anonymous.body)")
                } else {
                    #expect(anonymous.status == 200, "\(route) is open: \(anonymous.status) \(anonymous.body)")
                }
                for role in UnitRole.allCases {
                    let answer = try await Self.call(rule, token: tokens[role], port: port, client: client)
                    let refusedByRole = answer.status == 403 && answer.body.contains(UnitAccessTable.roleRefusalPrefix)
                    if !rule.needsToken || rule.roles.contains(role) {
                        #expect(answer.status != 401 && !refusedByRole && !answer.body.contains("no route"),
                                "\(route) admits \(role): \(answer.status) \(answer.body)")
                    } else {
                        #expect(refusedByRole, "\(route) refuses \(role): \(answer.status) \(answer.body)")
                    }
                }
            }
            let unknown = try await Self.call("GET", "api/nothing-here", token: tokens[.supervisor], port: port, client: client)
            #expect(unknown.status == 404, "a route the table does not name is not served")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await client.shutdown()
        let audit = String(decoding: try Data(contentsOf: URL(fileURLWithPath: UnitPolicyLayout(root: bench.layout.policy).auditLog)),
                           as: UTF8.self).split(separator: "\n")
        let tokenRoutes = UnitAccessTable.unit.rules.filter(\.needsToken)
        let admitted = tokenRoutes.reduce(0) { $0 + $1.roles.count }
        #expect(audit.count { $0.contains("\"api.request\"") } == admitted, "every request let through is audited")
        #expect(audit.count { $0.contains("\"api.unauthenticated\"") } == 1, "the first refusal of the window in full")
        let summary = audit.filter { $0.contains("\"api.unauthenticated.summary\"") }
        #expect(summary.count == 1 && summary[0].contains("\(unauthenticatedCalls - 1) further refused requests"),
                "the rest counted in one summary: \(summary)")
        #expect(audit.count { $0.contains("\"api.forbidden\"") } == 1)
        #expect(audit.count { $0.contains("\"api.forbidden.summary\"") } == 1)
    }

    @Test func aTableAndRoutesThatDifferAreNamedBothWays() {
        let table = UnitAccessTable(rules: [.init(.get, "health", []), .init(.get, "api/notices/:sequence", [.officer])])
        #expect(table.differences(from: [(.get, "/health"), (.get, "/api/notices/{id}")]).isEmpty, "parameter names do not matter")
        #expect(table.differences(from: [(.get, "/health"), (.post, "/api/notices/{id}"), (.get, "/metrics")])
            == ["POST /api/notices/{id} has no rule in the access table", "GET /metrics has no rule in the access table",
                "the access table's GET /api/notices/:sequence is not served"])
    }

    @Test func theGuideShowsTheTableTheUnitEnforces() throws {
        let guide = try String(contentsOfFile: UnitTestBench.repository + "/docs/unit-access.md", encoding: .utf8)
        #expect(guide.contains(UnitAccessTable.unit.markdown), "docs/unit-access.md must hold, verbatim:\n\(UnitAccessTable.unit.markdown)")
    }
}
