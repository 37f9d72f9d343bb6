import Foundation
import MilepostCore
import MilepostSystem
import MilepostTesting
import SystemPackage
import Testing
@testable import MilepostPolicy
import MilepostPolicyTesting

/// The forward-secure seal of the audit log, and the attacks it is there for: whoever takes
/// the unit holds its current seal key and its unit key, but not the keys of closed epochs.
@Suite struct AuditSealTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start)
    let storage = InMemoryAuditStorage(name: "audit.log")
    let checkpoints = InMemoryAuditStorage(name: "audit-checkpoints")
    let files = FaultInjectingFileSystem(directories: ["/unit"])
    let sealKeys: AuditSealKeyFile
    /// The department's copy, kept off the unit.
    let initialKey = AuditSealKey.generateInitial()

    init() throws {
        sealKeys = AuditSealKeyFile(fileSystem: files, path: "/unit/audit-seal.key")
        try sealKeys.store(initialKey)
    }

    func open(sealEvery: Int = AuditLog.defaultSealEveryEntries) throws -> AuditLog {
        try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock, sealKeys: sealKeys, sealEveryEntries: sealEvery)
    }

    func event(_ n: Int) -> AuditEvent {
        AuditEvent(type: "search.completed", actor: Fixtures.detective, source: "10.0.0.1", object: "plate-search plate=ABC12\(n)",
                   purpose: "theft", caseNumber: "2026-0042", approvalID: "search-1", outcome: .allowed(resultCount: n))
    }

    func record(_ log: AuditLog, _ range: ClosedRange<Int>) throws {
        for n in range {
            clock.advance(seconds: 1)
            try log.record(event(n))
        }
    }

    func verify(_ log: [UInt8]? = nil, sealKey: AuditSealKey? = nil, strict: Bool = false) -> AuditVerificationReport {
        AuditVerifier.verify(log: log ?? storage.contents, checkpoints: checkpoints.contents, unitKey: f.unit.publicKey, sealKey: sealKey, strict: strict)
    }

    var lines: [[UInt8]] { storage.contents.split(separator: UInt8(ascii: "\n")).map(Array.init) }
    var entries: [AuditEntry] { lines.map { try! JSONDecoder().decode(AuditEntry.self, from: Data($0)) } }

    /// A log of two closed epochs (entries 1-4 and 5-7) and an open one (8).
    func sealedLog() throws -> AuditLog {
        let log = try open()
        try record(log, 1...3)
        try log.checkpoint(unitKey: f.unit)
        try record(log, 4...5)
        try log.checkpoint(unitKey: f.unit)
        try record(log, 6...6)
        return log
    }

    @Test func everyEntryIsSealedAndEachCheckpointClosesItsEpochAndEvolvesTheKey() throws {
        _ = try sealedLog()
        #expect(entries.map { $0.seal?.epoch } == [0, 0, 0, 0, 1, 1, 1, 2])
        #expect(try sealKeys.load() == initialKey.evolved().evolved())
        #expect(try sealKeys.load().epoch == 2)
        let report = verify(sealKey: initialKey)
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.sealsChecked && report.closedSealEpochs == 2 && report.unsealedTail == 1 && report.legacyEntries == 0)
        #expect(report.warnings.contains { $0.contains("1 unsealed entries (8-8) after the last closed seal epoch") })
    }

    @Test func theSealIsTheLastMemberOfTheLineAndCoversTheLineWithoutIt() throws {
        _ = try sealedLog()
        let line = lines[0]
        let seal = try #require(entries[0].seal)
        let body = try #require(AuditSealing.body(of: line, seal: seal))
        #expect(String(decoding: line, as: UTF8.self).hasSuffix(",\"seal\":{\"epoch\":0,\"mac\":\"\(seal.mac)\"}}"))
        var unsealed = entries[0]
        unsealed.seal = nil
        #expect(body == Array(try AuditLog.encoder.encode(unsealed)))
        #expect(initialKey.mac(body) == seal.mac)
    }

    /// The attacker holds the unit: its current seal key file (epoch 2) and its unit key. They
    /// change entry 2 (epoch 0), re-seal it and every later entry with the key they hold,
    /// recompute the hash chain and sign a fresh checkpoint of the forged head.
    @Test func anEntryOfAClosedEpochRewrittenWithTheUnitsCurrentKeysIsDetectedWithTheInitialKey() throws {
        _ = try sealedLog()
        let stolenKey = try sealKeys.load()
        var forged = [[UInt8]]()
        var previous = AuditEntry.genesisHash
        for (index, var entry) in entries.enumerated() {
            if index == 1 { entry.object = "plate-search plate=XYZ999" }
            entry.prev = previous
            let claimedEpoch = try #require(entry.seal?.epoch)
            entry.seal = nil
            let line = AuditSealing.sealedLine(body: Array(try AuditLog.encoder.encode(entry)), key: AuditSealKey(epoch: claimedEpoch, key: stolenKey.key)).line
            forged.append(line)
            previous = AuditLog.hash(line)
        }
        let forgedLog = forged.flatMap { $0 + [UInt8(ascii: "\n")] }
        let head = AuditCheckpoint(unit: "unit-7", entryCount: forged.count, headHash: previous, issuedAt: clock.now(), keyID: f.unit.id)
        checkpoints.contents = Array((try SignedDocument.sign(head, kind: .auditCheckpoint, key: f.unit) + "\n").utf8)

        // Chain, checkpoint and epoch order all agree: without the initial key it passes.
        let unchecked = verify(forgedLog)
        #expect(unchecked.isIntact, "\(unchecked.problems)")
        #expect(unchecked.warnings.contains { $0.contains("seal MACs not checked") })

        let report = verify(forgedLog, sealKey: initialKey)
        #expect(!report.isIntact)
        #expect(report.problems.contains { $0.contains("line 2: entry 2: its seal does not verify under the key of epoch 0") })
        // Every rewritten entry of a closed epoch is named; the open epoch's entry (8) really is
        // the attacker's to seal.
        #expect(report.problems.count == 7)
        #expect(!report.problems.contains { $0.contains("entry 8") })
    }

    @Test func anEntryMovedIntoTheOpenEpochBreaksTheEpochOrder() throws {
        _ = try sealedLog()
        let stolenKey = try sealKeys.load()
        var entry = entries[6]
        entry.object = "rewritten"
        entry.seal = nil
        var l = lines
        l[6] = AuditSealing.sealedLine(body: Array(try AuditLog.encoder.encode(entry)), key: stolenKey).line
        let report = verify(l.flatMap { $0 + [UInt8(ascii: "\n")] })
        #expect(report.problems.contains { $0.contains("entry 7 is sealed in epoch 2, but epoch 1 is the open one") })
    }

    @Test func anEntryAppendedAfterTheLastSealFailsOnlyStrictVerification() throws {
        let log = try sealedLog()
        try log.checkpoint(unitKey: f.unit)
        #expect(verify(sealKey: initialKey, strict: true).isIntact)
        // The attacker appends an entry, sealed with the open epoch's key they hold, and signs a
        // checkpoint of the new head with the unit key, without an entry that closes the epoch.
        try log.record(event(99))
        let head = AuditCheckpoint(unit: "unit-7", entryCount: log.head.count, headHash: log.head.hash, issuedAt: clock.now(), keyID: f.unit.id)
        checkpoints.contents += Array((try SignedDocument.sign(head, kind: .auditCheckpoint, key: f.unit) + "\n").utf8)

        let lenient = verify(sealKey: initialKey)
        #expect(lenient.isIntact && lenient.unsealedTail == 1 && lenient.coveredEntries == 10)
        let strict = verify(sealKey: initialKey, strict: true)
        #expect(strict.problems == ["1 unsealed entries (10-10) after the last closed seal epoch: whoever holds the unit can still alter them"])
    }

    @Test func anUnsealedEntryAfterSealedOnesIsAProblemEvenWithoutStrict() throws {
        _ = try sealedLog()
        var entry = entries[7]
        entry.seq = 9
        entry.prev = AuditLog.hash(lines[7])
        entry.seal = nil
        let log = storage.contents + Array(try AuditLog.encoder.encode(entry)) + [UInt8(ascii: "\n")]
        #expect(verify(log).problems.contains { $0.contains("line 9: entry 9 has no seal, after sealed entries") })
    }

    @Test func aWrongInitialKeyFailsEverySeal() throws {
        _ = try sealedLog()
        let report = verify(sealKey: .generateInitial())
        #expect(report.problems.count == 8)
    }

    @Test func afterEnoughEntriesTheLogClosesItsEpochOnItsOwn() throws {
        let log = try open(sealEvery: 4)
        try record(log, 1...9)
        #expect(entries.map(\.event).filter { $0 == "audit.seal" }.count == 2)
        #expect(entries[4].event == "audit.seal" && entries[9].event == "audit.seal")
        let report = verify(sealKey: initialKey)
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.closedSealEpochs == 2 && report.unsealedTail == 1)
        #expect(try sealKeys.load().epoch == 2)
    }

    @Test func aPowerCutBeforeTheKeyEvolvedIsFinishedAtTheNextOpen() throws {
        let log = try open()
        try record(log, 1...2)
        try log.checkpoint(unitKey: f.unit)
        // The closing entry was durable; the key file still held epoch 0 when the power went.
        try sealKeys.store(initialKey)
        let reopened = try open()
        #expect(try sealKeys.load().epoch == 1)
        try record(reopened, 3...3)
        #expect(entries.last?.seal?.epoch == 1)
        #expect(verify(sealKey: initialKey).isIntact)
    }

    @Test func aKeyFileThatDisagreesWithTheLogIsRefusedAtOpen() throws {
        _ = try sealedLog()
        try sealKeys.store(initialKey)  // an old copy put back: it would seal closed epochs again
        let back = #expect(throws: PolicyError.self) { try open() }
        #expect(back?.code == .auditChainBroken)
        #expect(back?.message.contains("holds the seal key of epoch 0, but the last sealed entry of audit.log is in epoch 2") == true)
        try sealKeys.store(initialKey.evolved(to: 5))
        #expect(throws: PolicyError.self) { try open() }
    }

    @Test func aSealedLogIsNotOpenedWithoutItsKey() throws {
        _ = try sealedLog()
        let error = #expect(throws: PolicyError.self) { try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock) }
        #expect(error?.message.contains("the log is sealed up to epoch 2 but the unit holds no audit seal key") == true)
    }

    @Test func legacyEntriesBeforeSealingAreReportedNotRefused() throws {
        let legacy = try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock)
        try record(legacy, 1...3)
        let unsealed = verify(sealKey: initialKey)
        #expect(unsealed.isIntact && unsealed.legacyEntries == 3)
        #expect(unsealed.warnings.contains { $0.contains("no entry is sealed: all 3 entries are unsealed legacy entries") })
        #expect(verify(sealKey: initialKey, strict: true).problems.contains { $0.contains("no entry is sealed") })

        let sealed = try open()
        try record(sealed, 4...4)
        try sealed.checkpoint(unitKey: f.unit)
        let report = verify(sealKey: initialKey, strict: true)
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.legacyEntries == 3 && report.closedSealEpochs == 1)
        #expect(report.warnings.contains { $0.contains("entries 1-3 are unsealed legacy entries") })
    }

    @Test func aKeyThatCannotEvolveRefusesTheNextEntryRatherThanSealItWithAClosedEpochsKey() throws {
        let log = try open()
        try record(log, 1...2)
        files.failEvery(.rename, with: .noSpace)
        try log.checkpoint(unitKey: f.unit)  // the closing entry is recorded; the key stays at epoch 0
        #expect(try sealKeys.load().epoch == 0)
        let error = #expect(throws: PolicyError.self) { try log.record(event(3)) }
        #expect(error?.message.contains("the seal key of the closed epoch could not be replaced") == true)
        files.stopFailing(.rename)
        try log.record(event(4))
        #expect(entries.last?.seal?.epoch == 1)
        #expect(verify(sealKey: initialKey).isIntact)
    }

    @Test func malformedSealKeyFilesAreRefusedByName() throws {
        for text in ["", "0", "x 00", "-1 " + String(repeating: "0", count: 64), "01 " + String(repeating: "0", count: 64), "0 " + String(repeating: "g", count: 64)] {
            let error = #expect(throws: PolicyError.self) { try AuditSealKey(fileBytes: Array(text.utf8), file: "K0") }
            #expect(error?.message.hasPrefix("audit seal key K0:") == true)
        }
        let key = AuditSealKey.generateInitial().evolved(to: 3)
        #expect(try AuditSealKey(fileBytes: key.fileBytes, file: "k") == key)
    }
}
