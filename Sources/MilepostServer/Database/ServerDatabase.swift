import Logging
import NIOSSL
import PostgresNIO

/// The server's PostgreSQL: a connection pool for requests (run it as a service) and single
/// connections for start-up work, whose failure is reported naming the endpoint.
public final class ServerDatabase: Sendable {
    public let endpoint: PostgresEndpoint
    public let client: PostgresClient
    let logger: Logger

    public init(endpoint: PostgresEndpoint, maximumConnections: Int = 16, logger: Logger) {
        self.endpoint = endpoint
        self.logger = logger
        var configuration = PostgresClient.Configuration(host: endpoint.host, port: endpoint.port, username: endpoint.user,
                                                         password: endpoint.password, database: endpoint.database, tls: Self.clientTLS(endpoint.tls))
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    static func clientTLS(_ mode: PostgresSettings.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    /// Opens one connection outside the pool, runs `body` on it and closes it. An endpoint that
    /// cannot be reached, or refuses the user, throws `ServerError.postgresUnreachable`.
    public func withSingleConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let connection: PostgresConnection
        do {
            var configuration = PostgresConnection.Configuration(host: endpoint.host, port: endpoint.port, username: endpoint.user,
                                                                 password: endpoint.password, database: endpoint.database, tls: .disable)
            if endpoint.tls != .disable {
                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                configuration.tls = endpoint.tls == .require ? .require(context) : .prefer(context)
            }
            configuration.options.connectTimeout = .seconds(5)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw ServerError.postgresUnreachable(endpoint: endpoint.description, reason: PostgresFailure.describe(error))
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Applies the schema migrations this server has and the database lacks.
    @discardableResult
    public func migrate(_ migrator: Migrator = Migrator()) async throws -> [Int] {
        try await withSingleConnection { connection in try await migrator.migrate(connection, logger: logger) }
    }
}
