import ArgumentParser

struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Check and exercise the board's GPIO lines and camera (installer tools).",
        subcommands: [BoardCheckCommand.self, BoardPulseCommand.self, BoardWatchCommand.self]
    )
}
