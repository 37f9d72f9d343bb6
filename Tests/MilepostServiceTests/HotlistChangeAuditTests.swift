import MilepostCore
import MilepostHotlist
import MilepostHotlistTesting
import MilepostPolicy
import MilepostPolicyTesting
import MilepostTesting
import Testing

@testable import MilepostService

/// What the running unit writes to its audit log about hotlists, each with the content hash.
@Suite struct HotlistChangeAuditTests {
    let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: 1_795_000_000_000))

    func entry(_ plate: String) throws -> HotlistEntry {
        HotlistEntry(plate: try PlateText(normalizing: plate), state: "MA", code: .stolenVehicle, reason: "stolen", entered: 0, expires: nil, source: "MA0140000")
    }

    @Test func installsRefusalsAndImportsRefusedBesideTheUnitAreAuditedOnceWithTheirHashes() throws {
        let files = FaultInjectingFileSystem()
        let importer = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        let list = try importer.replace(settings: ListSettings(name: "ncic-stolen"), entries: [try entry("ABC1234")], sourceFile: "a.csv",
                                        approval: FakeHotlistApprovals.approvingAnyList, now: 0)
        try importer.recordRefusedImport(RefusedImportRecord(list: "ncic-stolen", fileSHA256: String(repeating: "f", count: 64), contentSHA256: String(repeating: "c", count: 64),
                                                             sourceFile: "swapped.csv", reason: "not approved", refusedAt: 1_795_000_000))
        let log = try AuditLog(storage: InMemoryAuditStorage(), checkpoints: InMemoryAuditStorage(name: "audit-checkpoints"), clock: clock)
        let audit = HotlistChangeAudit(recorder: log, unitID: try UnitID("unit-7"))
        let unit = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())

        let atStart = try unit.load()
        #expect(audit.record(atStart, store: unit).isEmpty)
        let entries = try log.wholeEntries()
        #expect(entries.map(\.event) == ["hotlist.installed", "hotlist.import-refused"])
        guard case .recorded(let detail) = entries[0].outcome, case .denied(let reason) = entries[1].outcome else {
            Issue.record("unexpected outcomes \(entries.map(\.outcome))")
            return
        }
        #expect(detail.hasPrefix("sha256 \(list.contentSHA256), 1 entries"))
        #expect(reason == "file sha256 \(String(repeating: "f", count: 64)), content sha256 \(String(repeating: "c", count: 64)): not approved")
        #expect(entries[1].object.hasPrefix("hotlist ncic-stolen from swapped.csv"))

        try files.replaceAtomically("/h/generation", with: Array("touched\n".utf8))
        let again = try #require(try unit.reloadIfChanged())
        #expect(again.isEmpty, "the audited refusal record was deleted, and nothing else changed: \(again)")
    }
}
