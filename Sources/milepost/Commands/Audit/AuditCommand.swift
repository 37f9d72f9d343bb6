import ArgumentParser
import MilepostPolicy

/// `milepost audit verify|export|checkpoint`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, checkpoint and export the tamper-evident audit log.",
        subcommands: [AuditVerifyCommand.self, AuditExportCommand.self, AuditCheckpointCommand.self, AuditInitSealCommand.self, PolicyBenchCommand.self]
    )
}
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check the hash chain, every checkpoint and every seal; exit 1 on any modified, removed, reordered or truncated entry.",
        discussion: "With --seal-key (the initial key kept off the unit) every entry's seal is checked; with --strict, entries after the last closed seal epoch fail too."
    )

    @OptionGroup var files: AuditFiles

    @Flag(help: "Fail if entries follow the last closed seal epoch (or no entry is sealed).")
    var strict = false

    func run() throws {
        let report = try files.verify(strict: strict)
        for problem in report.problems { print("PROBLEM: \(problem)") }
        for warning in report.warnings { print("warning: \(warning)") }
        for repair in report.repairs { print("repaired: \(repair)") }
        print("\(report.entryCount) entries, head \(report.headHash); \(report.checkpointsVerified) checkpoints verified, covering \(report.coveredEntries) entries; "
            + "\(report.closedSealEpochs) seal epochs closed (seals \(report.sealsChecked ? "checked" : "NOT checked")), \(report.unsealedTail) entries unsealed")
        if !report.isIntact {
            print("audit log is NOT intact")
            throw ExitCode(1)
        }
        print("audit log intact")
    }
}

struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Copy the audit log, its checkpoints and the unit public key to a directory, after verifying them.",
        discussion: "The export can be checked anywhere with `milepost audit verify --state-dir EXPORT_DIR`."
    )

    @OptionGroup var files: AuditFiles

    @Option(help: "Directory to write audit.log, audit-checkpoints and unit.pub into.")
    var out: String

    @Flag(help: "Export even if verification finds problems (the report is printed).")
    var evenIfDamaged = false

    func run() throws {
        let report = try files.verify()
        for problem in report.problems { print("PROBLEM: \(problem)") }
        if !report.isIntact && !evenIfDamaged {
            throw ValidationError("the audit log does not verify; nothing exported (use --even-if-damaged to export it for investigation)")
        }
        let fs = PolicyCLI.fileSystem
        let target = UnitPolicyLayout(root: out)
        try fs.createDirectory(out, permissions: 0o700)
        try fs.writeFileAtomically(target.auditLog, try fs.readFile(files.logPath), permissions: 0o600)
        try fs.writeFileAtomically(target.auditCheckpoints, fs.exists(files.checkpointPath) ? try fs.readFile(files.checkpointPath) : [], permissions: 0o600)
        try fs.writeFileAtomically(target.unitPublicKey, try fs.readFile(files.unitKeyPath), permissions: 0o644)
        print("exported \(report.entryCount) entries and \(report.checkpointsVerified) checkpoints to \(out)")
    }
}

struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the current head of the audit log with the unit key and print the checkpoint to ship off the unit.",
        discussion: "The running service takes checkpoints itself; this is for a stopped unit."
    )

    @OptionGroup var state: PolicyStateDirectoryOption

    func run() throws {
        let unit = try state.openUnit()
        print(try unit.audit.checkpoint(unitKey: unit.unitKey))
    }
}
