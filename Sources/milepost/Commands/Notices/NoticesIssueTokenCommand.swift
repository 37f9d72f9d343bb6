import ArgumentParser
import MilepostService

/// `milepost tokens issue --role officer`, under its older name and options.
struct NoticesIssueTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue-token",
        abstract: "Make an officer's bearer token (as `milepost tokens issue --role officer`): prints it once and adds only its SHA-256 to the tokens file."
    )

    @Option(help: "Officer identifier (badge number), recorded with every disposition.")
    var officer: String

    @Option(help: "The unit's tokens file: officer-tokens in its state directory. Takes effect without a restart.")
    var tokens = "/var/lib/milepost/officer-tokens"

    func run() throws {
        print(try UnitTokenFileEditor(path: tokens).issue(UnitCredential(holder: officer, role: .officer), legacyOfficerLine: true))
    }
}
