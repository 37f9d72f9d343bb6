import ArgumentParser

/// `--dir` of the hotlist commands.
struct HotlistDirectoryOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "Directory holding the unit's hotlists.")
    var directory = "/var/lib/milepost/hotlists"
}
