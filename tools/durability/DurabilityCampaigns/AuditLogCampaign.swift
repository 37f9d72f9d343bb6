import Foundation
import MilepostCore
import MilepostPolicy
import MilepostSystem
import MilepostTesting

/// The audit log, its checkpoints and its seal key: the seal key provisioned, then entries of
/// many sizes (some longer than a sector) recorded one after another, with a signed checkpoint
/// every few entries and a seal epoch closed every few more, each close replacing the seal key
/// file. After every cut the log is opened as the unit opens it (which cuts off an unfinished
/// final line and records the cut, and evolves a key a cut left behind its closed epoch), and
/// must begin with every acknowledged entry and checkpoint byte for byte, verify with
/// `AuditVerifier` and the initial seal key, and accept a new entry.
struct AuditLogCampaign: PowerCutCampaign {
    static let name = "audit-log"
    var name: String { Self.name }

    static let directory = "/var/lib/milepost/policy"
    static let logPath = directory + "/audit.log"
    static let checkpointPath = directory + "/audit-checkpoints"
    static let sealKeyPath = directory + "/audit-seal.key"
    /// Fixed, so that every run of the campaign writes the same bytes.
    static let initialSealKey = AuditSealKey(epoch: 0, key: (0..<32).map { UInt8($0 * 7 + 1) })
    static let sealEveryEntries = 5
    static let start = UTCTime(rfc3339: "2026-11-29T12:00:00Z")!
    static let unit = PolicyStateCampaign.unit
    static let entryCount = 48
    static let checkpointEvery = 7

    struct Journal {
        var sealKeyProvisioned = false
        var acknowledged = 0
        var log: [UInt8] = []
        var checkpoints: [UInt8] = []
    }

    func emptyJournal() -> Journal { Journal() }

    /// Opens the log as the unit does: sealed if the seal key was provisioned.
    static func open(_ fs: FaultInjectingFileSystem, clock: WallClock) throws -> AuditLog {
        try fs.makeDirectories(directory)
        let sealKeys = try fs.isPresent(sealKeyPath) ? AuditSealKeyFile(fileSystem: fs, path: sealKeyPath) : nil
        return try AuditLog(storage: try FileAuditStorage(path: logPath, fileSystem: fs),
                            checkpoints: try FileAuditStorage(path: checkpointPath, fileSystem: fs), clock: clock,
                            sealKeys: sealKeys, sealEveryEntries: sealEveryEntries)
    }

    /// Entry `n`: an event whose object is 20 to about 1,500 bytes long, so that entries cross
    /// sector boundaries in every way.
    static func event(_ n: Int) -> AuditEvent {
        var random = SplitMix64(seed: UInt64(n) &* 0x9E37_79B9)
        let length = 20 + Int(random.next(below: 1500))
        let object = String((0..<length).map { _ in Character(UnicodeScalar(UInt8(97 + random.next(below: 26)))) })
        return AuditEvent(type: n % 5 == 0 ? "search.completed" : "policy.installed", actor: AuditActor(id: "badge-\(n % 4)", organisation: "Leicester PD"),
                          source: "10.1.2.\(n % 250)", object: object, outcome: n % 3 == 0 ? .denied(reason: "out of scope") : .allowed(resultCount: n))
    }

    func run(on fs: FaultInjectingFileSystem, journal: inout Journal) throws {
        let clock = ManualWallClock(Self.start)
        try fs.makeDirectories(Self.directory)
        try AuditSealKeyFile(fileSystem: fs, path: Self.sealKeyPath).store(Self.initialSealKey)
        journal.sealKeyProvisioned = true
        let log = try Self.open(fs, clock: clock)
        for n in 1...Self.entryCount {
            clock.advance(seconds: 13)
            try log.record(Self.event(n))
            journal.acknowledged += 1
            if n % Self.checkpointEvery == 0 {
                try log.checkpoint(unitKey: Self.unit)
                journal.acknowledged += 1
            }
            journal.log = try fs.readFile(Self.logPath)
            journal.checkpoints = try fs.readFile(Self.checkpointPath)
        }
    }

    func recover(from fs: FaultInjectingFileSystem, journal: Journal) -> RecoveryCheck {
        var check = RecoveryCheck(acknowledged: journal.acknowledged)
        if journal.sealKeyProvisioned, (try? fs.isPresent(Self.sealKeyPath)) != true {
            check.lose("the provisioned audit seal key file is gone")
        }
        let log: AuditLog
        do {
            log = try Self.open(fs, clock: ManualWallClock(Self.start.adding(seconds: 86400)))
        } catch {
            check.problems.append("the audit log does not open: \(error)")
            return check
        }
        let files = AuditFiles(fs: fs, log: Self.logPath, checkpoints: Self.checkpointPath, unitKey: Self.unit.publicKey, sealKey: Self.initialSealKey)
        files.check(acknowledgedLog: journal.log, acknowledgedCheckpoints: journal.checkpoints, into: &check)
        do {
            try log.record(Self.event(0))
            try log.checkpoint(unitKey: Self.unit)
            files.check(acknowledgedLog: journal.log, acknowledgedCheckpoints: journal.checkpoints, into: &check)
        } catch {
            check.problems.append("the recovered log refuses a new entry or checkpoint: \(error)")
        }
        return check
    }
}

/// The audit log and checkpoint files of a recovered state directory.
struct AuditFiles {
    let fs: FaultInjectingFileSystem
    let log: String
    let checkpoints: String
    let unitKey: PolicyPublicKey
    /// The initial seal key, to check every entry's seal with (nil: an unsealed log).
    var sealKey: AuditSealKey? = nil

    /// Both files begin with what was acknowledged, and the chain and checkpoints verify.
    func check(acknowledgedLog: [UInt8], acknowledgedCheckpoints: [UInt8], into check: inout RecoveryCheck) {
        let logBytes = (try? fs.readFile(log)) ?? []
        let checkpointBytes = (try? fs.readFile(checkpoints)) ?? []
        if !logBytes.starts(with: acknowledgedLog) {
            let entries = acknowledgedLog.filter { $0 == UInt8(ascii: "\n") }.count
            check.lose("the audit log no longer begins with its \(entries) acknowledged entries")
        }
        if !checkpointBytes.starts(with: acknowledgedCheckpoints) {
            check.lose("the checkpoint file no longer begins with its acknowledged checkpoints")
        }
        let report = AuditVerifier.verify(log: logBytes, checkpoints: checkpointBytes, unitKey: unitKey, sealKey: sealKey)
        for problem in report.problems { check.problems.append("audit verify: \(problem)") }
    }
}
