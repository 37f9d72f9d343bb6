import ArgumentParser
import Logging
import MilepostServer

/// `--config server.json`, shared by every command that needs the database.
struct ServerConfigOption: ParsableArguments {
    @Option(help: "Server configuration file (JSON; docs/server.md).")
    var config = "server.json"

    func load() throws -> ServerConfig { try ServerConfig.load(path: config) }

    func database(logger: Logger = Logger(label: "milepost-server"), maximumConnections: Int = 4) throws -> ServerDatabase {
        ServerDatabase(endpoint: try load().postgres.endpoint(path: config), maximumConnections: maximumConnections, logger: logger)
    }
}

extension ServerDatabase {
    /// Runs `body` with the pool running beside it, then stops the pool.
    func whileRunning<Result: Sendable>(_ body: @Sendable (ServerDatabase) async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await self.client.run() }
            defer { tasks.cancelAll() }
            return try await body(self)
        }
    }
}
