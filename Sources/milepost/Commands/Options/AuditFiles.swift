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

    @Option(help: "The initial audit seal key (epoch 0) kept off the unit: check every entry's seal with it.")
    var sealKey: String?

    var layout: UnitPolicyLayout { UnitPolicyLayout(root: stateDir) }
    var logPath: String { log ?? layout.auditLog }
    var checkpointPath: String { checkpoints ?? layout.auditCheckpoints }
    var unitKeyPath: String { unitKey ?? layout.unitPublicKey }

    func verify(strict: Bool = false) throws -> AuditVerificationReport {
        let key = try PolicyCLI.keys.loadPublicKey(unitKeyPath, role: .unit)
        let fs = PolicyCLI.fileSystem
        let checkpointBytes = fs.exists(checkpointPath) ? try fs.readFile(checkpointPath) : []
        return AuditVerifier.verify(log: try fs.readFile(logPath), checkpoints: checkpointBytes, unitKey: key, sealKey: try initialSealKey(),
                                    strict: strict, logName: logPath)
    }

    private func initialSealKey() throws -> AuditSealKey? {
        guard let sealKey else { return nil }
        let key = try AuditSealKey(fileBytes: try PolicyCLI.fileSystem.readFile(sealKey), file: sealKey)
        guard key.epoch == 0 else {
            throw ValidationError("--seal-key \(sealKey) holds the key of epoch \(key.epoch), not the initial key (epoch 0): give the copy kept off the unit, not the unit's audit-seal.key")
        }
        return key
    }
}
