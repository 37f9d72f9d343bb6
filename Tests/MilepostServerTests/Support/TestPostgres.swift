import Foundation
import Logging
import MilepostServer
import PostgresNIO
import Testing

/// The throwaway PostgreSQL 15 cluster `tools/server-test` starts: its URL in
/// `MILEPOST_TEST_POSTGRES` (a superuser on loopback) and, in `MILEPOST_TEST_POSTGRES_RESTART`,
/// a command that restarts it. Each test gets a database of its own, dropped afterwards.
enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["MILEPOST_TEST_POSTGRES"]
    static let restartCommand = environment["MILEPOST_TEST_POSTGRES_RESTART"]
    static var isConfigured: Bool { url != nil }
    static let skipReason: Comment = "MILEPOST_TEST_POSTGRES is not set: the server tests need a real PostgreSQL; run tools/server-test"

    static let logger = Logger(label: "milepost-server-tests")

    static func adminEndpoint() throws -> PostgresEndpoint {
        var endpoint = try PostgresEndpoint(url: url ?? "", field: "MILEPOST_TEST_POSTGRES", path: "environment")
        endpoint.tls = .disable
        return endpoint
    }

    /// A fresh, migrated database with the pool running for the duration of `body`.
    static func withDatabase<Result: Sendable>(_ body: (ServerDatabase) async throws -> Result) async throws -> Result {
        let admin = ServerDatabase(endpoint: try adminEndpoint(), logger: logger)
        let name = "milepost_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        _ = try await admin.withSingleConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var endpoint = admin.endpoint
        endpoint.database = String(name)
        let database = ServerDatabase(endpoint: endpoint, logger: logger)
        do {
            try await database.migrate()
            let result = try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { await database.client.run() }
                defer { tasks.cancelAll() }
                return try await body(database)
            }
            try await drop(name, admin: admin)
            return result
        } catch {
            try? await drop(name, admin: admin)
            throw error
        }
    }

    private static func drop(_ name: some StringProtocol, admin: ServerDatabase) async throws {
        _ = try await admin.withSingleConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    /// Restarts the cluster (`pg_ctl restart -w`: back when it returns). Through `system(3)`:
    /// Foundation's `Process` here can miss the shell's exit and wait forever.
    static func restart() throws {
        guard let restartCommand else { throw RestartUnavailable() }
        let status = system(restartCommand)
        guard status == 0 else { throw RestartFailed(status: status) }
    }

    struct RestartUnavailable: Error, CustomStringConvertible {
        var description: String { "MILEPOST_TEST_POSTGRES_RESTART is not set; tools/server-test sets it" }
    }

    struct RestartFailed: Error, CustomStringConvertible {
        var status: Int32
        var description: String { "restarting PostgreSQL exited with status \(status)" }
    }

    /// One number from a query returning one row and column.
    static func count(_ query: PostgresQuery, in database: ServerDatabase) async throws -> Int64 {
        for try await value in try await database.client.query(query).decode(Int64.self) { return value }
        return 0
    }
}

/// Every test that needs PostgreSQL, one at a time (one of them restarts the cluster).
@Suite(.serialized, .enabled(if: TestPostgres.isConfigured, TestPostgres.skipReason))
struct PostgresBackedTests {}
