import ArgumentParser
import Logging
import MilepostServer

/// `milepost-server serve`: the long-running server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Apply pending schema migrations, then take read batches from units over HTTPS and run retention.",
        discussion: "SIGTERM or SIGINT stop accepting batches, finish those in flight, then close the database pool."
    )

    @OptionGroup var options: ServerConfigOption

    func run() async throws {
        let config = try options.load()
        try await DepartmentServer(config: config, logger: Logger(label: "milepost-server")).run()
    }
}

/// `milepost-server migrate`: applies pending migrations and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the schema migrations the database lacks (serve does this too) and print the versions applied."
    )

    @OptionGroup var options: ServerConfigOption

    func run() async throws {
        let database = try options.database()
        let applied = try await database.migrate()
        print(applied.isEmpty ? "schema up to date (\(Migrations.all.count) migrations)" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
