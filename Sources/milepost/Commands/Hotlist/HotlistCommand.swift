import ArgumentParser

struct HotlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotlist",
        abstract: "Import hotlists and show their version and age (supervisor tools).",
        subcommands: [HotlistImportCommand.self, HotlistShowCommand.self, HotlistBenchCommand.self]
    )
}

struct HotlistDirectoryOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "Directory holding the unit's hotlists.")
    var directory = "/var/lib/milepost/hotlists"
}
