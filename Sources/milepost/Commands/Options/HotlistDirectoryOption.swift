import ArgumentParser
import MilepostHotlist
import MilepostPolicy
import MilepostService
import MilepostSystem

/// `--dir` and `--state-dir` of the hotlist commands: where the lists are, and the policy state
/// whose Chief's key and revocation list their approvals are checked against.
struct HotlistDirectoryOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "Directory holding the unit's hotlists.")
    var directory = "/var/lib/milepost/hotlists"

    @Option(help: "The unit's policy state directory (its chief.pub and revocation list check hotlist approvals).")
    var stateDir: String = PolicyCLI.defaultStateDirectory

    /// The hotlist store in `--dir`, with every list loaded and checked against its approval.
    func openStore(fileSystem: DiskFileSystem) throws -> HotlistStore {
        let store = try HotlistStore(directory: directory, fileSystem: fileSystem, approvals: try approvals(fileSystem: fileSystem))
        try store.load()
        return store
    }

    /// Reads the state directory without opening its audit log, so it works while the unit
    /// runs; the unit checks every list again, and audits it, when it loads it.
    func approvals(fileSystem: DiskFileSystem) throws -> PolicyHotlistApprovals {
        let layout = UnitPolicyLayout(root: stateDir)
        let documents = try DocumentVerifier(chief: try PolicyCLI.keys.loadPublicKey(layout.chiefPublicKey, role: .chief))
        let revocations = try RevocationRegistry(fileSystem: fileSystem, path: layout.revocationList, documents: documents)
        return PolicyHotlistApprovals(documents: documents, revocations: revocations, clock: SystemWallClock())
    }
}
