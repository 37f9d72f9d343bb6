import ArgumentParser

struct HotlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotlist",
        abstract: "Import hotlists and show their version and age (supervisor tools).",
        subcommands: [HotlistImportCommand.self, HotlistShowCommand.self, HotlistBenchCommand.self]
    )
}
