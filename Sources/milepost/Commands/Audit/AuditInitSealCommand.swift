import ArgumentParser
import MilepostPolicy

/// `milepost audit init-seal`: gives a unit its audit seal key at provisioning.
struct AuditInitSealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init-seal",
        abstract: "Create the unit's initial audit seal key: the unit keeps it as STATE_DIR/audit-seal.key, and --out is the copy for the department.",
        discussion: "Write --out to removable media and take it off the unit: with it, `milepost audit verify --seal-key` proves that no entry sealed before a takeover was altered. The unit replaces its own copy as the log's seal epochs close."
    )

    @OptionGroup var state: PolicyStateDirectoryOption

    @Option(help: "Where to write the department's copy of the initial key (mode 0600); it must not exist yet.")
    var out: String

    func run() throws {
        let fs = PolicyCLI.fileSystem
        let held = state.layout.auditSealKey
        if fs.exists(held) {
            throw ValidationError("\(held) exists: this unit already seals its audit log; a new initial key would leave its sealed entries uncheckable")
        }
        if fs.exists(out) {
            throw ValidationError("\(out) exists; choose a new file for the initial seal key")
        }
        let key = AuditSealKey.generateInitial()
        try fs.writeFileAtomically(out, key.fileBytes, permissions: 0o600)
        try fs.writeFileAtomically(held, key.fileBytes, permissions: 0o600)
        print("audit seal key created: the unit holds \(held)")
        print("initial key: \(out) (take it off the unit and keep it with the department; `milepost audit verify --seal-key \(out)`)")
    }
}
