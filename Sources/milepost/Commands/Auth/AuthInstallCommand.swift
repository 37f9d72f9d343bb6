import ArgumentParser
import MilepostPolicy

/// `milepost auth install FILE`: put a signed document into a unit's state directory.
struct AuthInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Verify and install a targeting authorization, search approval or revocation list on this unit.",
        discussion: "Refused while the unit service holds the audit log; then install through the unit's API."
    )

    @Argument(help: "Signed document files.")
    var files: [String]

    @OptionGroup var state: PolicyStateDirectoryOption

    @Option(help: "Who is installing (recorded in the audit log).")
    var installer: String

    func run() throws {
        let unit = try state.openUnit()
        for file in files {
            let installed = try unit.install(token: try PolicyCLI.readText(file), actor: AuditActor(id: installer, organisation: unit.unitKey.holder.organisation),
                                             source: "cli", document: file)
            print("installed \(installed) from \(file)")
        }
    }
}
