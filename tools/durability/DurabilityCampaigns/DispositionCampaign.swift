import Foundation
import MilepostCore
import MilepostHotlist
import MilepostPolicy
import MilepostService
import MilepostSystem
import MilepostTesting

/// Officer dispositions, acknowledged the way the unit acknowledges them (`DispositionKeeper`:
/// the disposition store, then the policy audit log through `PolicyNoticeAuditSink`): several
/// notices with several dispositions each, corrections among them, notes long enough to cross
/// sectors, and dispositions that the audit log refuses (its disk full), which are taken back.
/// After every cut the store and the audit log are opened as the unit opens them, and:
/// - each notice holds its acknowledged dispositions in order, followed at most by the one
///   whose acknowledgement the cut interrupted; a withdrawn disposition never comes back;
/// - every notice file reads, and no temporary is left;
/// - the audit log begins with every acknowledged entry and verifies;
/// - a notice file torn afterwards is reported by a message naming it, and is not overwritten;
/// - the recovered store and log acknowledge a new disposition.
struct DispositionCampaign: PowerCutCampaign {
    static let name = "dispositions"
    var name: String { Self.name }

    static let directory = "/var/lib/milepost/dispositions"
    static let auditDirectory = AuditLogCampaign.directory
    static let logPath = AuditLogCampaign.logPath
    static let checkpointPath = AuditLogCampaign.checkpointPath
    static let start = UTCTime(rfc3339: "2026-11-29T12:00:00Z")!
    /// The unit's notices and policy lanes, on a pool of their own.
    static let pool = BlockingPool(threadCount: 2)
    static let noticesLane = SerialLane(label: "campaign.notices", pool: pool)
    static let policyLane = SerialLane(label: "campaign.policy", pool: pool)

    struct Step {
        var record: DispositionRecord
        /// The audit log's disk is full for this one: the disposition is refused and withdrawn.
        var auditRefuses = false
    }

    struct Journal {
        var acknowledged = 0
        /// Acknowledged dispositions by notice, in the order they were acknowledged.
        var kept: [UInt64: [DispositionRecord]] = [:]
        /// Dispositions refused and taken back, the officer told "not kept".
        var withdrawn: [DispositionRecord] = []
        /// The disposition whose acknowledgement the cut interrupted.
        var inFlight: DispositionRecord?
        var auditLog: [UInt8] = []
    }

    func emptyJournal() -> Journal { Journal() }

    static let steps: [Step] = {
        var steps: [Step] = []
        func add(_ sequence: UInt64, _ disposition: Disposition, note: String = "", auditRefuses: Bool = false) {
            let record = DispositionRecord(sequence: sequence, noticeID: "notice-\(sequence)", disposition: disposition,
                                           officer: "badge-\(300 + steps.count % 3)", note: note,
                                           atMillis: start.millisecondsSinceEpoch + Int64(steps.count) * 7_000)
            steps.append(Step(record: record, auditRefuses: auditRefuses))
        }
        let longNote = String(repeating: "plate partly covered by a tow bar; ", count: 13)
        add(1, .confirmedHit)
        add(2, .wrongState, note: "NH plate")
        add(1, .misread, note: "correction: 8 read as B")
        add(3, .dismissed, note: longNote)
        add(3, .confirmedHit, note: "second look", auditRefuses: true)
        add(3, .confirmedHit, note: "second look, retried")
        add(4, .misread, auditRefuses: true)
        add(1, .confirmedHit, note: "correction: it was the listed car after all")
        add(2, .misread, note: longNote)
        add(4, .confirmedHit)
        add(5, .dismissed, note: "vehicle already stopped")
        add(2, .dismissed, note: "correction", auditRefuses: true)
        add(5, .wrongState, note: longNote)
        return steps
    }()

    static let sequences = Set(steps.map(\.record.sequence)).sorted()

    /// The policy audit log as the unit records officer actions in it; while `diskFull` is
    /// set, the entry for a disposition finds the disk full.
    final class UnitAudit: AuditRecorder {
        let log: AuditLog
        let fs: FaultInjectingFileSystem
        let diskFull = Locked(false)

        init(_ fs: FaultInjectingFileSystem, clock: WallClock) throws {
            self.fs = fs
            try fs.makeDirectories(DispositionCampaign.auditDirectory)
            log = try AuditLog(storage: try FileAuditStorage(path: DispositionCampaign.logPath, fileSystem: fs),
                               checkpoints: try FileAuditStorage(path: DispositionCampaign.checkpointPath, fileSystem: fs), clock: clock)
        }

        func record(_ event: AuditEvent) throws -> AuditEntry {
            guard diskFull.withLock({ $0 }), event.type == NoticeAuditEvent.Action.dispositionRecorded.rawValue else { return try log.record(event) }
            fs.failMutations(after: 0, with: .noSpace)
            defer { fs.clearFault() }
            return try log.record(event)
        }
    }

    static func keeper(_ store: DispositionStore, _ audit: UnitAudit) -> DispositionKeeper {
        DispositionKeeper(store: store, audit: PolicyNoticeAuditSink(recorder: audit, unitID: "unit-7", queue: policyLane), queue: noticesLane)
    }

    struct UnexpectedAnswer: Error, CustomStringConvertible {
        var description: String
    }

    func run(on fs: FaultInjectingFileSystem, journal: inout Journal) throws {
        let clock = ManualWallClock(Self.start)
        let audit = try UnitAudit(fs, clock: clock)
        let store = try DispositionStore(directory: Self.directory, fileSystem: fs)
        let keeper = Self.keeper(store, audit)
        for step in Self.steps {
            clock.advance(seconds: 7)
            journal.inFlight = step.record
            audit.diskFull.withLock { $0 = step.auditRefuses }
            do {
                try awaitCompletion { try await keeper.keep(step.record) }
                guard !step.auditRefuses else { throw UnexpectedAnswer(description: "a disposition the audit log refused was acknowledged") }
                journal.kept[step.record.sequence, default: []].append(step.record)
            } catch DispositionNotKept.notAudited(_, withdrawal: .none) where step.auditRefuses && !fs.isPoweredOff {
                journal.withdrawn.append(step.record)
            }
            journal.inFlight = nil
            journal.acknowledged += 1
            journal.auditLog = try fs.readFile(Self.logPath)
        }
    }

    func recover(from fs: FaultInjectingFileSystem, journal: Journal) -> RecoveryCheck {
        var check = RecoveryCheck(acknowledged: journal.acknowledged)
        let store: DispositionStore
        let audit: UnitAudit
        do {
            audit = try UnitAudit(fs, clock: ManualWallClock(Self.start.adding(seconds: 86400)))
            store = try DispositionStore(directory: Self.directory, fileSystem: fs)
        } catch {
            check.problems.append("the store or the audit log does not open: \(error)")
            return check
        }
        for sequence in Self.sequences {
            let found: [DispositionRecord]
            do {
                found = try store.records(for: sequence)
            } catch {
                check.problems.append("notice \(sequence)'s dispositions do not read: \(error)")
                continue
            }
            checkNotice(sequence, found: found, journal: journal, into: &check)
        }
        let names = (try? fs.listDirectory(Self.directory)) ?? []
        for name in names where name.contains(".tmp") { check.problems.append("the temporary \(name) was left") }
        AuditFiles(fs: fs, log: Self.logPath, checkpoints: Self.checkpointPath, unitKey: PolicyStateCampaign.unit.publicKey)
            .check(acknowledgedLog: journal.auditLog, acknowledgedCheckpoints: [], into: &check)

        let after = DispositionRecord(sequence: 99, noticeID: "notice-99", disposition: .confirmedHit, officer: "badge-300", note: "after recovery",
                                      atMillis: Self.start.millisecondsSinceEpoch + 86_400_000)
        do {
            let keeper = Self.keeper(store, audit)
            try awaitCompletion { try await keeper.keep(after) }
            if try store.records(for: 99) != [after] { check.problems.append("a disposition acknowledged after recovery does not read back") }
        } catch {
            check.problems.append("the recovered store and audit log refuse a new disposition: \(error)")
        }
        checkTornFileIsNamed(store, fs: fs, into: &check)
        return check
    }

    /// The notice holds its acknowledged dispositions in order, then at most the interrupted one.
    func checkNotice(_ sequence: UInt64, found: [DispositionRecord], journal: Journal, into check: inout RecoveryCheck) {
        let kept = journal.kept[sequence] ?? []
        if found == kept { return }
        if let inFlight = journal.inFlight, inFlight.sequence == sequence, found == kept + [inFlight] { return }
        for record in found where journal.withdrawn.contains(record) {
            check.problems.append("notice \(sequence): the withdrawn disposition at \(record.atMillis) (\(record.disposition.rawValue)) came back")
        }
        if !found.starts(with: kept) {
            check.lose("notice \(sequence): \(kept.count) dispositions were acknowledged, in order; the store holds \(found.count), "
                + "\(zip(kept, found).prefix { $0 == $1 }.count) of them matching")
        } else if found.count > kept.count {
            let extra = found.dropFirst(kept.count).filter { !journal.withdrawn.contains($0) }
            if !extra.isEmpty { check.problems.append("notice \(sequence): \(extra.count) dispositions were never acknowledged") }
        }
    }

    /// Tears one notice file as a cut inside a non-atomic write would: reading it and adding to
    /// it must fail with a message that names it, and leave it as it is.
    func checkTornFileIsNamed(_ store: DispositionStore, fs: FaultInjectingFileSystem, into check: inout RecoveryCheck) {
        let path = PathNames.join(Self.directory, "99.json")
        guard let bytes = try? fs.readFile(path) else {
            check.problems.append("\(path) is missing")
            return
        }
        let torn = Array(bytes.prefix(bytes.count / 2))
        fs.overwrite(path, with: torn)
        let record = DispositionRecord(sequence: 99, noticeID: "notice-99", disposition: .misread, officer: "badge-300", note: "", atMillis: 0)
        for (what, attempt) in [("reading", { _ = try store.records(for: 99) }), ("adding to", { try store.append(record) })] as [(String, () throws -> Void)] {
            do {
                try attempt()
                check.problems.append("\(what) a torn \(path) succeeded")
            } catch {
                if !"\(error)".contains(path) { check.problems.append("\(what) a torn \(path) fails without naming it: \(error)") }
            }
        }
        if fs.durableContents(of: path) != torn { check.problems.append("the torn \(path) was overwritten") }
    }
}

/// Runs the unit's asynchronous acknowledgement to its end from the campaign's synchronous
/// workload (the runner and the other campaigns are synchronous).
func awaitCompletion(_ body: @escaping @Sendable () async throws -> Void) throws {
    let outcome = Locked<Result<Void, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let result: Result<Void, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    try outcome.withLock { $0! }.get()
}
