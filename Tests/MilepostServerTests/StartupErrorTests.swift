import Foundation
import Logging
import MilepostServer
import MilepostTesting
import NIOCore
import NIOPosix
import Testing

@Suite struct StartupErrorTests {
    /// A loopback port nothing listens on: bound by us, then closed.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }

    @Test func anUnreachablePostgresIsNamed() async throws {
        let port = try await Self.closedPort()
        let database = ServerDatabase(endpoint: PostgresEndpoint(host: "127.0.0.1", port: port, user: "milepost", password: nil, database: "milepost"),
                                      logger: Logger(label: "test"))
        do {
            try await database.migrate()
            Issue.record("migrating against a closed port succeeded")
        } catch let error as ServerError {
            guard case .postgresUnreachable(let endpoint, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(endpoint == "postgres://milepost@127.0.0.1:\(port)/milepost")
            #expect(error.description.hasPrefix("cannot reach PostgreSQL at postgres://milepost@127.0.0.1:\(port)/milepost: "))
        }
    }
}

extension PostgresBackedTests {
    @Suite struct Startup {
        @Test func aPortInUseIsNamed() async throws {
            let holder = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
            let port = try #require(holder.localAddress?.port)
            let audit = try TemporaryDirectory("server-port")
            defer { audit.remove() }
            try await TestPostgres.withDatabase { database in
                let postgres = database.endpoint
                var settings = PostgresSettings(url: "postgres://\(postgres.user)@\(postgres.host):\(postgres.port)/\(postgres.database)")
                settings.tls = "disable"
                let config = ServerConfig(postgres: settings, https: HTTPSSettings(host: "127.0.0.1", port: port, plainHTTPOnLoopback: true),
                                          auditDirectory: audit.path)
                let server = try DepartmentServer(config: config, clock: ManualWallClock(), logger: TestPostgres.logger)
                do {
                    try await server.run(stopsOnSignals: false)
                    Issue.record("the server started on a port in use")
                } catch let error as ServerError {
                    #expect(error == .portInUse(host: "127.0.0.1", port: port))
                }
            }
            try await holder.close()
        }
    }
}
