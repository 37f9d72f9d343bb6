import Foundation
import MilepostCore

/// What `milepost audit verify` found.
public struct AuditVerificationReport: Sendable {
    public var entryCount = 0
    public var headHash = AuditEntry.genesisHash
    public var checkpointsVerified = 0
    /// Entries covered by the newest valid checkpoint.
    public var coveredEntries = 0
    public var problems: [String] = []
    public var warnings: [String] = []
    /// The unfinished writes the log cut off at open (each recorded as an entry of its own), by
    /// line: not problems, but worth a look, since each is a power cut or a full disk.
    public var repairs: [String] = []
    /// Epochs closed by a sealed entry.
    public var closedSealEpochs = 0
    /// Entries after the last closed epoch: whoever holds the unit can still alter them.
    public var unsealedTail = 0
    /// Entries without a seal at the start of the log (from before the unit had a seal key).
    public var legacyEntries = 0
    /// Whether each seal's MAC was checked (the initial seal key was given).
    public var sealsChecked = false

    public var isIntact: Bool { problems.isEmpty }
}

/// Re-derives the hash chain of an audit log and checks every checkpoint against it.
/// Detects modified, removed, reordered and duplicated entries anywhere; truncation and edits of
/// the last entries up to the newest checkpoint; and checkpoints not signed by the unit key.
/// With the initial seal key (epoch 0, kept off the unit), also any entry of a closed seal epoch
/// altered or forged by whoever holds the unit and its keys now. `strict` makes entries after
/// the last closed epoch a problem rather than a warning.
public enum AuditVerifier {
    public static func verify(log: [UInt8], checkpoints: [UInt8], unitKey: PolicyPublicKey, sealKey: AuditSealKey? = nil, strict: Bool = false,
                              logName: String = "audit log") -> AuditVerificationReport {
        var report = AuditVerificationReport()
        report.sealsChecked = sealKey != nil
        var lines = log.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if let last = lines.last, !last.isEmpty {
            report.problems.append("\(logName): ends in an unfinished line of \(last.count) bytes after entry \(lines.count - 1) (torn write, truncation or edit; "
                + "if a power cut, the next open of the log, e.g. `milepost audit checkpoint`, cuts it off and records the cut)")
        }
        lines.removeLast()
        var hashes = [String]()
        var previous = AuditEntry.genesisHash
        let decoder = JSONDecoder()
        var seals = AuditSealVerifier(initialKey: sealKey, logName: logName, lineCount: lines.count)
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            if let entry = try? decoder.decode(AuditEntry.self, from: Data(line)) {
                if entry.seq != lineNumber {
                    report.problems.append("\(logName) line \(lineNumber): holds entry seq \(entry.seq): entries were removed, duplicated or reordered")
                }
                if entry.prev != previous {
                    report.problems.append("\(logName) line \(lineNumber): previous-hash does not match line \(lineNumber - 1): an earlier entry was modified, removed or reordered")
                }
                if UTCTime(rfc3339: entry.time) == nil {
                    report.problems.append("\(logName) line \(lineNumber): time '\(entry.time)' is not RFC 3339")
                }
                report.problems += seals.check(entry, line: line, lineNumber: lineNumber)
                if AuditLog.Repair(rawValue: entry.event) != nil, case .recorded(let detail) = entry.outcome {
                    report.repairs.append("\(logName) line \(lineNumber) (\(entry.time)): \(entry.object): \(detail)")
                }
            } else {
                report.problems.append("\(logName) line \(lineNumber): not a valid audit entry (modified)")
            }
            previous = AuditLog.hash(line)
            hashes.append(previous)
        }
        report.entryCount = lines.count
        report.headHash = previous
        sealFindings(seals, strict: strict, into: &report)

        let tokens = String(decoding: checkpoints, as: UTF8.self).split(separator: "\n").map(String.init)
        if tokens.isEmpty {
            report.warnings.append("no checkpoints: removal of the last entries cannot be detected")
        }
        var lastCount = 0
        for (index, token) in tokens.enumerated() {
            let name = "checkpoint \(index + 1)"
            do {
                let footer = try SignedDocument.footer(of: token, document: name)
                guard footer.kid == unitKey.id else {
                    report.problems.append("\(name): signed by key \(footer.kid), not the unit key \(unitKey.id) (\(unitKey.holder.name))")
                    continue
                }
                let checkpoint = try SignedDocument.verify(token, as: AuditCheckpoint.self, kind: .auditCheckpoint, key: unitKey, document: name)
                guard checkpoint.unit == unitKey.holder.name else {
                    report.problems.append("\(name): is for unit '\(checkpoint.unit)', not '\(unitKey.holder.name)'")
                    continue
                }
                report.checkpointsVerified += 1
                if checkpoint.entryCount < lastCount {
                    report.problems.append("\(name): covers \(checkpoint.entryCount) entries, fewer than the checkpoint before it (\(lastCount))")
                }
                lastCount = max(lastCount, checkpoint.entryCount)
                if checkpoint.entryCount > lines.count {
                    report.problems.append("\(logName): truncated: \(name) (\(checkpoint.issuedAt)) covers \(checkpoint.entryCount) entries but the log holds \(lines.count)")
                } else if checkpoint.entryCount > 0, hashes[checkpoint.entryCount - 1] != checkpoint.headHash {
                    report.problems.append("\(logName): entries 1-\(checkpoint.entryCount) differ from \(name) (\(checkpoint.issuedAt)): entry \(checkpoint.entryCount) or an earlier one was modified")
                } else {
                    report.coveredEntries = max(report.coveredEntries, checkpoint.entryCount)
                }
            } catch let error as PolicyError {
                report.problems.append("\(name): \(error.message)")
            } catch {
                report.problems.append("\(name): \(error)")
            }
        }
        if report.coveredEntries < report.entryCount, !tokens.isEmpty {
            report.warnings.append("entries \(report.coveredEntries + 1)-\(report.entryCount) are after the newest checkpoint; their removal could not be detected")
        }
        return report
    }

    private static func sealFindings(_ seals: AuditSealVerifier, strict: Bool, into report: inout AuditVerificationReport) {
        report.closedSealEpochs = seals.closedEpochs
        report.legacyEntries = seals.legacyEntries
        guard seals.sawSeal else {
            report.unsealedTail = report.entryCount
            if report.entryCount > 0 {
                let finding = "no entry is sealed: all \(report.entryCount) entries are unsealed legacy entries (a log from before sealing, or a unit without a seal key)"
                if strict { report.problems.append(finding) } else { report.warnings.append(finding) }
            }
            return
        }
        if seals.legacyEntries > 0 {
            report.warnings.append("entries 1-\(seals.legacyEntries) are unsealed legacy entries, from before the unit had a seal key")
        }
        let sealedFrom = max(seals.lastClosingLine, seals.legacyEntries)
        report.unsealedTail = report.entryCount - sealedFrom
        if report.unsealedTail > 0 {
            let finding = "\(report.unsealedTail) unsealed entries (\(sealedFrom + 1)-\(report.entryCount)) after the last closed seal epoch: "
                + "whoever holds the unit can still alter them"
            if strict { report.problems.append(finding) } else { report.warnings.append(finding) }
        }
        if !report.sealsChecked {
            report.warnings.append("seal MACs not checked (no --seal-key): only the order of the seal epochs was checked")
        }
    }
}
