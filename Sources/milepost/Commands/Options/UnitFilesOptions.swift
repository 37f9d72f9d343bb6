import ArgumentParser

/// The files `milepost run` reads before it starts, and `milepost config check` checks.
struct UnitFilesOptions: ParsableArguments {
    @Option(help: "Unit configuration file (JSON).")
    var config = InstalledFiles.unitConfig

    @Option(help: "Board name (default: the config's).")
    var board: String?

    @Option(help: "Directory of board files.")
    var boardDir = InstalledFiles.boardDirectory

    @Option(help: "Weights file of the recognition model.")
    var model = InstalledFiles.model
}
