import Foundation
import MilepostSystem
import MilepostTesting
import SystemPackage
import Testing
@testable import MilepostPolicy
import MilepostPolicyTesting

@Suite struct AuditLogTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start.adding(milliseconds: 123))
    let storage = InMemoryAuditStorage(name: "audit.log")
    let checkpoints = InMemoryAuditStorage(name: "audit-checkpoints")
    /// The unit's seal key file (it starts at epoch 0) and the department's copy of the initial key.
    let sealKeys = AuditSealKeyFile(fileSystem: FaultInjectingFileSystem(directories: ["/unit"]), path: "/unit/audit-seal.key")
    let initialSealKey = AuditSealKey.generateInitial()

    init() throws {
        try sealKeys.store(initialSealKey)
    }

    /// Opens the log as the unit does, sealed.
    func open() throws -> AuditLog {
        try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock, sealKeys: sealKeys)
    }

    func filledLog(_ count: Int = 6) throws -> AuditLog {
        let log = try open()
        for index in 0..<count {
            try log.record(AuditEvent(type: "search.completed", actor: Fixtures.detective, source: "10.0.0.1", object: "plate-search plate=ABC12\(index)",
                                      purpose: "theft", caseNumber: "2026-0042", approvalID: "search-1", outcome: .allowed(resultCount: index)))
            clock.advance(milliseconds: 10)
        }
        return log
    }

    func verify(_ log: [UInt8]? = nil, key: PolicyPublicKey? = nil) -> AuditVerificationReport {
        AuditVerifier.verify(log: log ?? storage.contents, checkpoints: checkpoints.contents, unitKey: key ?? f.unit.publicKey, sealKey: initialSealKey)
    }

    var lines: [[UInt8]] { storage.contents.split(separator: UInt8(ascii: "\n")).map(Array.init) }

    func join(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [UInt8(ascii: "\n")] } }

    /// A file's bytes as text, so that a failed comparison prints readably.
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func entriesCarryEveryRequiredFieldAndTimeTo10ms() throws {
        let entry = try filledLog(1).record(AuditEvent(type: "search.denied", actor: Fixtures.detective, source: "10.0.0.9", object: "plate-search plate=(none)",
                                                      purpose: "sweep", caseNumber: "2026-1", approvalID: "search-9", outcome: .denied(reason: "prohibited")))
        #expect(entry.time == "2026-11-29T12:00:00.13Z")
        #expect(entry.seq == 2)
        let text = String(decoding: lines[1], as: UTF8.self)
        for field in ["\"actor\"", "\"organisation\"", "\"source\"", "\"object\"", "\"purpose\"", "\"caseNumber\"", "\"approvalID\"", "\"outcome\"", "\"event\"", "\"prev\"", "\"reason\":\"prohibited\""] {
            #expect(text.contains(field), "missing \(field)")
        }
    }

    @Test func anIntactLogWithACheckpointVerifies() throws {
        let log = try filledLog()
        try log.checkpoint(unitKey: f.unit)
        let report = verify()
        #expect(report.isIntact && report.entryCount == 7 && report.coveredEntries == 7 && report.checkpointsVerified == 1)
        #expect(report.warnings.isEmpty)
    }

    @Test func aModifiedEntryIsDetected() throws {
        try filledLog().checkpoint(unitKey: f.unit)
        var l = lines
        l[2] = Array(String(decoding: l[2], as: UTF8.self).replacingOccurrences(of: "ABC122", with: "XYZ999").utf8)
        #expect(verify(join(l)).problems.contains { $0.contains("line 4") && $0.contains("previous-hash") })
    }

    @Test func aRemovedEntryIsDetected() throws {
        try filledLog().checkpoint(unitKey: f.unit)
        var l = lines
        l.remove(at: 3)
        #expect(!verify(join(l)).isIntact)
    }

    @Test func reorderedEntriesAreDetected() throws {
        try filledLog().checkpoint(unitKey: f.unit)
        var l = lines
        l.swapAt(1, 2)
        #expect(verify(join(l)).problems.contains { $0.contains("reordered") })
    }

    @Test func truncationIsDetectedByTheCheckpoint() throws {
        try filledLog().checkpoint(unitKey: f.unit)
        let report = verify(join(Array(lines.dropLast(2))))
        #expect(report.problems.contains { $0.contains("truncated") && $0.contains("covers 7 entries but the log holds 5") })
    }

    @Test func aCheckpointSignedByAnotherKeyIsDetected() throws {
        let log = try filledLog()
        let impostor = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Leicester PD"))
        try log.checkpoint(unitKey: impostor)
        let report = verify()
        #expect(report.problems.contains { $0.contains("signed by key \(impostor.id)") && $0.contains("not the unit key \(f.unit.id)") })
    }

    @Test func aCheckpointCannotBeSignedWithAChiefKey() throws {
        #expect(throws: PolicyError.self) { try filledLog().checkpoint(unitKey: f.chief) }
    }

    func event(_ type: String = "x") -> AuditEvent {
        AuditEvent(type: type, actor: Fixtures.detective, source: "s", object: "o", outcome: .recorded(detail: ""))
    }

    /// What a power cut in the middle of writing one more entry leaves at the end of the log.
    func unfinishedEntry(_ bytes: Int) throws -> [UInt8] {
        let spare = InMemoryAuditStorage()
        try AuditLog(storage: spare, checkpoints: InMemoryAuditStorage(), clock: clock).record(event("lost"))
        return Array(spare.contents.prefix(bytes))
    }

    /// 0: the disk was already full; 40: it filled up mid-entry; Int.max: the whole entry was
    /// written but the fsync failed, so it was never acknowledged.
    @Test(arguments: [0, 40, Int.max])
    func aWriteCutShortByAFullDiskLeavesTheLogAsItWasAndTheChainGoesOn(bytesWritten: Int) throws {
        let log = try filledLog(3)
        let before = storage.contents
        storage.failAppends(errno: ENOSPC, afterWriting: bytesWritten)
        let error = #expect(throws: PolicyError.self) { try log.record(event()) }
        #expect(error?.message.contains("audit entry 4 (x) was not recorded") == true)
        #expect(error?.message.contains("No space left") == true)
        #expect(text(storage.contents) == text(before))
        #expect(log.head.count == 3)
        storage.failAppends(errno: nil)
        #expect(try log.record(event("y")).seq == 4)
        try log.checkpoint(unitKey: f.unit)
        let report = verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.entryCount == 5 && report.repairs.isEmpty)
    }

    @Test func aFragmentThatCouldNotBeCutOffAtOnceIsCutBeforeTheNextEntry() throws {
        let log = try filledLog(3)
        let before = storage.contents
        storage.failAppends(errno: ENOSPC, afterWriting: 40)
        storage.failTruncates(errno: EIO)
        #expect(throws: PolicyError.self) { try log.record(event()) }
        #expect(storage.contents.count == before.count + 40)
        storage.failAppends(errno: nil)
        storage.failTruncates(errno: nil)
        try log.record(event("y"))
        try log.checkpoint(unitKey: f.unit)
        #expect(verify().isIntact)
        #expect(text(Array(storage.contents.prefix(before.count))) == text(before))
    }

    @Test func aCheckpointCutShortByAFullDiskLeavesTheCheckpointFileAsItWas() throws {
        let log = try filledLog(3)
        try log.checkpoint(unitKey: f.unit)
        let before = checkpoints.contents
        checkpoints.failAppends(errno: ENOSPC, afterWriting: 50)
        let error = #expect(throws: PolicyError.self) { try log.checkpoint(unitKey: f.unit) }
        #expect(error?.message.contains("the checkpoint of audit entries 1-5 was not stored") == true)
        #expect(text(checkpoints.contents) == text(before))
        checkpoints.failAppends(errno: nil)
        try log.checkpoint(unitKey: f.unit)
        #expect(verify().isIntact && verify().checkpointsVerified == 2)
    }

    @Test func anUnfinishedEntryIsCutOffAtOpenAndTheCutIsRecordedAsARepair() throws {
        _ = try filledLog(3)
        storage.contents += try unfinishedEntry(40)
        #expect(!verify().isIntact)  // before the next open, verify shows the unfinished line
        let reopened = try open()
        #expect(reopened.head.count == 4)
        #expect(text(try #require(lines.last)).contains("audit.torn-entry-discarded"))
        try reopened.checkpoint(unitKey: f.unit)
        let report = verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.repairs.count == 1)
        #expect(report.repairs.first?.contains("line 4") == true)
        #expect(report.repairs.first?.contains("40 bytes of an unfinished entry after entry 3 were cut off at open") == true)
    }

    @Test func anUnfinishedCheckpointIsCutOffAtOpenAndTheCutIsRecordedAsARepair() throws {
        try filledLog(3).checkpoint(unitKey: f.unit)
        checkpoints.contents += Array("v4.public.eyJ1bml0Ijoi".utf8)
        #expect(!verify().isIntact)
        let reopened = try open()
        #expect(text(try #require(lines.last)).contains("audit.torn-checkpoint-discarded"))
        try reopened.checkpoint(unitKey: f.unit)
        let report = verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.checkpointsVerified == 2)
        #expect(report.repairs.first?.contains("22 bytes of an unfinished checkpoint after checkpoint 1 were cut off at open") == true)
    }

    @Test func aRepairThatCannotBeRecordedLeavesTheFragmentForTheNextOpen() throws {
        _ = try filledLog(3)
        storage.contents += try unfinishedEntry(40)
        let torn = storage.contents
        storage.failAppends(errno: ENOSPC, times: 1)
        #expect(throws: PolicyError.self) { try open() }
        #expect(text(storage.contents) == text(torn))
        try open().checkpoint(unitKey: f.unit)
        let report = verify()
        #expect(report.isIntact && report.repairs.count == 1)
        #expect(report.repairs.first?.contains("40 bytes of an unfinished entry") == true)
    }

    @Test func anEditInsideTheLogIsReportedAsTamperingNotRepaired() throws {
        try filledLog().checkpoint(unitKey: f.unit)
        var l = lines
        l[2] = Array(String(decoding: l[2], as: UTF8.self).replacingOccurrences(of: "\"seq\":3", with: "\"seq\":3,\"x\"").utf8)
        storage.contents = join(l)
        let reopened = try open()
        try reopened.checkpoint(unitKey: f.unit)
        let report = verify()
        #expect(report.problems.contains { $0.contains("line 3: not a valid audit entry (modified)") })
        #expect(report.repairs.isEmpty)
    }

    @Test func aTornSectorAfterTheLastEntryIsCutOffAtOpenAndTheCutIsRecorded() throws {
        _ = try filledLog(3)
        // A power cut tore the sector of entry 3's append: a fragment, then garbage holding newlines.
        var l = lines
        l[2] = Array("{\"seq\":3,\u{7}\u{1}".utf8)
        storage.contents = join(l) + Array("\u{2}\u{3}\n\u{9}x\n".utf8)
        let torn = storage.contents.count - join(Array(l.prefix(2))).count
        let reopened = try open()
        #expect(reopened.head.count == 3)
        #expect(text(try #require(lines.last)).contains("audit.torn-entry-discarded"))
        try reopened.checkpoint(unitKey: f.unit)
        let report = verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.repairs.first?.contains("\(torn) bytes of an unfinished entry after entry 2 were cut off at open") == true)
    }

    @Test func moreGarbageAfterTheLastEntryThanOneWriteLeavesIsRefusedNotCutOff() throws {
        _ = try filledLog(3)
        let damaged = storage.contents + Array(String(repeating: "not an entry\n", count: 6_000).utf8)
        storage.contents = damaged
        let error = #expect(throws: PolicyError.self) { try open() }
        #expect(error?.code == .auditChainBroken)
        #expect(text(storage.contents) == text(damaged))
    }

    @Test func timesNeverGoBackwardsInTheLog() throws {
        let log = try filledLog(1)
        clock.advance(seconds: -3600)
        let entry = try log.record(AuditEvent(type: "x", actor: Fixtures.detective, source: "s", object: "o", outcome: .recorded(detail: "")))
        #expect(entry.time == "2026-11-29T12:00:00.12Z")
    }

    @Test func realFilesAreAppendedAndSynced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("milepost-audit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let log = try AuditLog(storage: FileAuditStorage(path: dir + "/audit.log"), checkpoints: FileAuditStorage(path: dir + "/cp"), clock: clock)
            try log.record(AuditEvent(type: "x", actor: Fixtures.detective, source: "s", object: "o", outcome: .recorded(detail: "")))
            try log.checkpoint(unitKey: f.unit)
            // A second writer (the CLI while the service runs) is refused, not interleaved.
            let error = #expect(throws: PolicyError.self) { try FileAuditStorage(path: dir + "/audit.log") }
            #expect(error?.code == .auditUnavailable)
        }
        let reopened = try AuditLog(storage: FileAuditStorage(path: dir + "/audit.log"), checkpoints: FileAuditStorage(path: dir + "/cp"), clock: clock)
        #expect(reopened.head.count == 2)
        let fs = DiskFileSystem()
        #expect(try fs.status(dir + "/audit.log")?.permissions == FilePermissions(rawValue: 0o600))
        let report = AuditVerifier.verify(log: try fs.readFile(dir + "/audit.log"), checkpoints: try fs.readFile(dir + "/cp"), unitKey: f.unit.publicKey)
        #expect(report.isIntact)
    }
}
