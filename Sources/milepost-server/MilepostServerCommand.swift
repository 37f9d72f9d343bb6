import ArgumentParser

@main
struct MilepostServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milepost-server",
        abstract: "The department server: every unit's reads in PostgreSQL, kept at most one year.",
        subcommands: [ServeCommand.self, MigrateCommand.self, UnitsCommand.self, TokensCommand.self, IngestBenchCommand.self]
    )
}
