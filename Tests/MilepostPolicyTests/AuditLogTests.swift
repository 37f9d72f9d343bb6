import Foundation
import Testing
@testable import MilepostPolicy

@Suite struct AuditLogTests {
    let f = Fixtures()
    let clock = ManualPolicyClock(Fixtures.start.adding(milliseconds: 123))
    let storage = InMemoryAuditStorage(name: "audit.log")
    let checkpoints = InMemoryAuditStorage(name: "audit-checkpoints")

    func filledLog(_ count: Int = 6) throws -> AuditLog {
        let log = try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock)
        for index in 0..<count {
            try log.record(AuditEvent(type: "search.completed", actor: Fixtures.detective, source: "10.0.0.1", object: "plate-search plate=ABC12\(index)",
                                      purpose: "theft", caseNumber: "2026-0042", approvalID: "search-1", outcome: .allowed(resultCount: index)))
            clock.advance(milliseconds: 10)
        }
        return log
    }

    func verify(_ log: [UInt8]? = nil, key: PolicyPublicKey? = nil) -> AuditVerificationReport {
        AuditVerifier.verify(log: log ?? storage.contents, checkpoints: checkpoints.contents, unitKey: key ?? f.unit.publicKey)
    }

    var lines: [[UInt8]] { storage.contents.split(separator: UInt8(ascii: "\n")).map(Array.init) }

    func join(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [UInt8(ascii: "\n")] } }

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

    @Test func aTornFinalEntryIsCutAtOpenAndTheCutIsRecorded() throws {
        _ = try filledLog(3)
        storage.tearNextAppend(after: 40)
        let log = try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock)
        #expect(throws: PolicyError.self) { try log.record(AuditEvent(type: "x", actor: Fixtures.detective, source: "s", object: "o", outcome: .recorded(detail: ""))) }
        #expect(!verify().isIntact)  // the torn fragment is visible to verify
        let reopened = try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock)
        #expect(reopened.head.count == 4)
        #expect(String(decoding: lines[3], as: UTF8.self).contains("audit.torn-entry-discarded"))
        try reopened.checkpoint(unitKey: f.unit)
        #expect(verify().isIntact)
    }

    @Test func aFailedAppendLeavesTheChainIntact() throws {
        let log = try filledLog(2)
        storage.failAppends(errno: ENOSPC)
        let error = #expect(throws: PolicyError.self) { try log.record(AuditEvent(type: "x", actor: Fixtures.detective, source: "s", object: "o", outcome: .recorded(detail: ""))) }
        #expect(error?.message.contains("No space left") == true)
        storage.failAppends(errno: nil)
        try log.record(AuditEvent(type: "y", actor: Fixtures.detective, source: "s", object: "o", outcome: .recorded(detail: "")))
        try log.checkpoint(unitKey: f.unit)
        #expect(verify().isIntact)
        #expect(log.head.count == 4)
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
        let log = try AuditLog(storage: POSIXAuditStorage(path: dir + "/audit.log"), checkpoints: POSIXAuditStorage(path: dir + "/cp"), clock: clock)
        try log.record(AuditEvent(type: "x", actor: Fixtures.detective, source: "s", object: "o", outcome: .recorded(detail: "")))
        try log.checkpoint(unitKey: f.unit)
        let reopened = try AuditLog(storage: POSIXAuditStorage(path: dir + "/audit.log"), checkpoints: POSIXAuditStorage(path: dir + "/cp"), clock: clock)
        #expect(reopened.head.count == 2)
        let fs = POSIXPolicyFileSystem()
        #expect(try fs.status(dir + "/audit.log")?.permissions == 0o600)
        let report = AuditVerifier.verify(log: try fs.readFile(dir + "/audit.log"), checkpoints: try fs.readFile(dir + "/cp"), unitKey: f.unit.publicKey)
        #expect(report.isIntact)
    }
}
