import ArgumentParser
import MilepostHotlist
import MilepostSystem

/// `--dir` of the hotlist commands.
struct HotlistDirectoryOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "Directory holding the unit's hotlists.")
    var directory = "/var/lib/milepost/hotlists"

    /// The hotlist store in `--dir`, with every list loaded.
    func openStore(fileSystem: DiskFileSystem) throws -> HotlistStore {
        let store = try HotlistStore(directory: directory, fileSystem: fileSystem)
        try store.load()
        return store
    }
}
