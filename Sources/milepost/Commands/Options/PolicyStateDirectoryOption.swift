import ArgumentParser
import MilepostPolicy

/// `--state-dir` of the commands that work on one unit's policy state.
struct PolicyStateDirectoryOption: ParsableArguments {
    @Option(help: "The unit's policy state directory.")
    var stateDir: String = PolicyCLI.defaultStateDirectory

    var layout: UnitPolicyLayout { UnitPolicyLayout(root: stateDir) }

    /// Opens the unit's policy state, its audit log included.
    func openUnit() throws -> UnitPolicy {
        try UnitPolicy.open(root: stateDir)
    }
}
