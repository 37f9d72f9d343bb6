import ArgumentParser
import MilepostPolicy

/// Where the log, the checkpoints and the unit's public key are.
struct AuditFiles: ParsableArguments {
    @Option(help: "The unit's policy state directory (or an export directory).")
    var stateDir: String = PolicyCLI.defaultStateDirectory

    @Option(help: "Audit log file (default: STATE_DIR/audit.log).")
    var log: String?

    @Option(help: "Checkpoint file, e.g. the copy shipped off the unit (default: STATE_DIR/audit-checkpoints).")
    var checkpoints: String?

    @Option(help: "The unit's public key (default: STATE_DIR/unit.pub).")
    var unitKey: String?

    var layout: UnitPolicyLayout { UnitPolicyLayout(root: stateDir) }
    var logPath: String { log ?? layout.auditLog }
    var checkpointPath: String { checkpoints ?? layout.auditCheckpoints }
    var unitKeyPath: String { unitKey ?? layout.unitPublicKey }

    func verify() throws -> AuditVerificationReport {
        let key = try PolicyCLI.keys.loadPublicKey(unitKeyPath, role: .unit)
        let fs = PolicyCLI.fileSystem
        let checkpointBytes = fs.exists(checkpointPath) ? try fs.readFile(checkpointPath) : []
        return AuditVerifier.verify(log: try fs.readFile(logPath), checkpoints: checkpointBytes, unitKey: key, logName: logPath)
    }
}
