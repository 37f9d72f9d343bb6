import Foundation
import MilepostCore
import MilepostSystem
import MilepostTesting
import Testing

@testable import MilepostHotlist
import MilepostHotlistTesting

/// The attack: registered-owner personal data written into an entry's free text, to ride
/// along in hit notices to officers and webhooks.
@Suite struct EntryTextImportScreeningTests {
    let settings = ListSettings(name: "ncic")
    let header = "plate,state,code,reason,entered,expiry,source\n"
    let goodLine = "ABC1234,MA,V,Stolen red Honda Civic,2026-11-28,,MA0140000\n"

    @Test func theIssuesExampleIsRefusedNamingTheLine() throws {
        let csv = header + goodLine
            + "8XK221,NH,V,\"Registered owner John Smith, 12 Main St, Worcester MA, DOB 01/02/1980\",2026-11-28,,NH0010000\n"
        #expect {
            try CSVHotlistParser.parse(csv, file: "ncic.csv", settings: settings)
        } throws: { error in
            guard let error = error as? HotlistImportError else { return false }
            return error.issues == [HotlistImportIssue(
                line: 3, field: "reason",
                problem: "contains the personal-data label 'registered' at character 1; an entry may not carry registered-owner personal data",
                kind: .personalData)]
                && error.description.hasPrefix("ncic.csv: line 3, field reason: refused (DPPA): contains the personal-data label")
        }
    }

    @Test func theExampleWithoutLabelsIsRefusedByItsAddress() throws {
        let csv = header + goodLine + "8XK221,NH,V,John Smith 12 Main St Worcester 01/02/1980,2026-11-28,,NH0010000\n"
        #expect {
            try CSVHotlistParser.parse(csv, file: "ncic.csv", settings: settings)
        } throws: { error in
            guard let issue = (error as? HotlistImportError)?.issues.first else { return false }
            return issue.line == 3 && issue.kind == .personalData && issue.problem.hasPrefix("contains a street address at character 12")
        }
    }

    @Test func aRefusedFileIsNotStoredAndThePreviousListStaysActive() throws {
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: FakeHotlistApprovals())
        try store.importList(Array((header + goodLine).utf8), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: 0)
        let bad = header + goodLine + "8XK221,NH,V,owner SMITH JOHN,2026-11-28,,NH0010000\n"
        #expect {
            try store.importList(Array(bad.utf8), file: "b.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: 60)
        } throws: { error in
            guard case .refused(let refusal)? = error as? HotlistStoreError else { return false }
            return refusal.issues.map(\.line) == [3]
        }
        #expect(store.list(named: "ncic")?.version == 1)
        #expect(store.list(named: "ncic")?.entryCount == 1)
    }

    @Test(arguments: [
        ("seen 02JAN1980", "a date"), ("lives 7 Elm Road", "a street address"), ("PO Box 12", "a PO box"),
        ("num 123-45-6789", "a nine-digit number"), ("call 555-123-4567", "a phone number"),
        ("dl S12345678", "a driver's licence number"), ("ref 12345678", "a 8-digit number"),
        ("DOB unknown", "the personal-data label 'dob'"),
    ])
    func eachShapeIsRefusedNamingTheLineAndTheShape(reason: String, shape: String) {
        #expect {
            try CSVHotlistParser.parse("plate,code,reason\nABC1234,V,\(reason)\n", file: "f", settings: settings)
        } throws: { error in
            guard let issue = (error as? HotlistImportError)?.issues.first else { return false }
            return issue.line == 2 && issue.field == "reason" && issue.kind == .personalData && issue.problem.hasPrefix("contains \(shape)")
        }
    }

    @Test func legitimateRemarksAndCaseNumbersAreAccepted() throws {
        let csv = """
            plate,state,code,reason,case,entered,expiry,source
            ABC1234,MA,V,"Stolen, red 2019 Honda Civic",,2026-11-28,2026-12-31,MA0140000
            8XK221,NH,A,AMBER alert 26-114,26-114,2026-10-20,,NH0010000
            7TT900,MA,V,stolen 2026-11; licence plate swapped,CR/2026/117,2026-11-01,,MA0140000

            """
        let entries = try CSVHotlistParser.parse(csv, file: "f", settings: settings)
        #expect(entries.map(\.reason) == ["Stolen, red 2019 Honda Civic", "AMBER alert 26-114", "stolen 2026-11; licence plate swapped"])
        #expect(entries.map(\.caseNumber) == [nil, "26-114", "CR/2026/117"])
    }

    @Test func theCaseColumnAcceptsOnlyACaseNumber() {
        #expect {
            try CSVHotlistParser.parse("plate,code,case\nABC1234,V,SMITH JOHN\nABD1234,V,1980-01-02\n", file: "f", settings: settings)
        } throws: { error in
            guard let issues = (error as? HotlistImportError)?.issues else { return false }
            return issues.map(\.line) == [2, 3] && issues.map(\.field) == ["case", "case"]
                && issues.map(\.kind) == [.invalid, .personalData]
        }
    }

    @Test func theSourceIsAnAgencyIdentifierNotFreeText() {
        #expect {
            try CSVHotlistParser.parse("plate,code,source\nABC1234,V,Smith 12 Main St\n", file: "f", settings: settings)
        } throws: { error in
            (error as? HotlistImportError)?.issues.map(\.field) == ["source"]
        }
    }

    @Test func aLongRemarkIsRefused() {
        let reason = String(repeating: "x", count: 81)
        #expect {
            try CSVHotlistParser.parse("plate,code,reason\nABC1234,V,\(reason)\n", file: "f", settings: settings)
        } throws: { error in
            (error as? HotlistImportError)?.issues.map(\.problem) == ["is 81 characters long; at most 80 are allowed"]
        }
    }

    @Test func theFixedWidthExtractIsScreenedTooAndCarriesACaseNumber() throws {
        let record = { (reason: String, oca: String) in
            FixedWidthHotlistImportTests.record("V", "ABC1234", "MA", "20261128", "", "MA0140000", reason.padding(toLength: 60, withPad: " ", startingAt: 0) + oca)
        }
        let entries = try FixedWidthHotlistParser.parse(record("STOLEN 2019 HONDA CIVIC", "2026-0042"), file: "x.txt", settings: settings)
        #expect(entries.map(\.caseNumber) == ["2026-0042"])
        #expect(entries.map(\.reason) == ["STOLEN 2019 HONDA CIVIC"])

        let text = record("STOLEN", "") + "\n" + record("OWNER SMITH JOHN DOB 19800102", "") + "\n" + record("STOLEN", "123-45-6789")
        #expect {
            try FixedWidthHotlistParser.parse(text, file: "x.txt", settings: settings)
        } throws: { error in
            guard let issues = (error as? HotlistImportError)?.issues else { return false }
            return issues.map(\.line) == [2, 3] && issues.map(\.field) == ["MIS (columns 39–98)", "OCA (columns 99–118)"]
                && issues.allSatisfy { $0.kind == .personalData }
        }
    }
}

/// Entries that never passed the importer: handed to the store directly, stored before the
/// rules existed, or matched from a list built in memory.
@Suite struct EntryTextStoreAndNoticeScreeningTests {
    let settings = ListSettings(name: "ncic")
    let ownerData = "Registered owner John Smith, 12 Main St, DOB 01/02/1980"

    func entry(reason: String, caseNumber: String? = nil, source: String = "MA0140000") throws -> HotlistEntry {
        HotlistEntry(plate: try PlateText(normalizing: "ABC1234"), state: "MA", code: .stolenVehicle, reason: reason,
                     entered: 0, expires: nil, source: source, caseNumber: caseNumber)
    }

    @Test func theStoreRefusesEntriesHandedToItDirectly() throws {
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: FakeHotlistApprovals())
        try store.replace(settings: settings, entries: [entry(reason: "stolen")], sourceFile: "a", approval: FakeHotlistApprovals.approvingAnyList, now: 0)
        #expect {
            try store.replace(settings: settings, entries: [entry(reason: "stolen"), entry(reason: ownerData)], sourceFile: "b", approval: FakeHotlistApprovals.approvingAnyList, now: 1)
        } throws: { error in
            guard case .entryRefused(let list, let index, let field, let problem)? = error as? HotlistStoreError else { return false }
            return list == "ncic" && index == 2 && field == "reason" && problem.isPersonalData
        }
        #expect(store.list(named: "ncic")?.version == 1)
    }

    @Test func aStoredListWithUnscreenedTextIsUnreadableAndNotMatched() throws {
        let files = FaultInjectingFileSystem()
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        let list = ActiveHotlist(settings: settings, version: 4, importedAt: 0, sourceFile: "old.csv",
                                 entries: [try entry(reason: "stolen"), try entry(reason: "stolen", caseNumber: "123-45-6789")])
        try files.replaceAtomically("/h/ncic.hotlist", with: StoredHotlistFormat.encode(list))
        try store.load()
        #expect(store.list(named: "ncic") == nil)
        let status = try #require(store.status(now: 0).first)
        #expect(status.condition == .unreadable)
        #expect(status.problem?.hasPrefix("line 4: case contains a nine-digit number") == true)
        #expect(store.matcher.match(read("ABC1234"), permitted: ["ncic"], at: 0).isEmpty)
    }

    /// Lists stored before case numbers, and before approvals: read (so status can show its
    /// content hash), but not matched until imported again with an approval.
    @Test func aListStoredInTheFirstVersionWithoutCaseNumbersIsStillReadButNotMatchedWithoutApproval() throws {
        let files = FaultInjectingFileSystem()
        let body = StoredHotlistFormat.magicWithoutCase + "\n"
            + #"{"entryCount":1,"importedAt":0,"lookalikeSubstitutions":1,"name":"ncic","priority":1,"serious":false,"sourceFile":"a.csv","version":2}"#
            + "\nABC1234\tMA\tV\t0\t\tMA0140000\tstolen\n"
        try files.makeDirectories("/h")
        try files.replaceAtomically("/h/ncic.hotlist", with: StoredHotlistFormat.sealed(Array(body.utf8)))
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        let changes = try store.load()
        let expectedEntry = HotlistEntry(plate: try PlateText(normalizing: "ABC1234"), state: "MA", code: .stolenVehicle, reason: "stolen",
                                          entered: 0, expires: nil, source: "MA0140000", caseNumber: nil)
        let sha256 = HotlistContent.sha256(of: [expectedEntry])
        #expect(store.list(named: "ncic") == nil)
        #expect(store.status(now: 0).map(\.condition) == [.unapproved])
        #expect(store.status(now: 0).first?.sha256 == sha256, "the entry was read back whole, case number empty")
        guard case .refused(let name, let version, let refusedSHA, let reason) = try #require(changes.first) else {
            Issue.record("expected a refusal, got \(changes)")
            return
        }
        #expect(name == "ncic" && version == 2 && refusedSHA == sha256)
        #expect(reason.contains("no approval"))
    }

    @Test func aCaseNumberSurvivesTheStoredForm() throws {
        let list = ActiveHotlist(settings: settings, version: 1, importedAt: 0, sourceFile: "a.csv",
                                 entries: [try entry(reason: "AMBER alert", caseNumber: "26-114")])
        let decoded = try StoredHotlistFormat.decode(StoredHotlistFormat.encode(list))
        #expect(decoded.entries.map(\.caseNumber) == ["26-114"])
    }

    @Test func aNoticeNeverCarriesTextTheScreenRefused() throws {
        let list = ActiveHotlist(settings: settings, version: 1, importedAt: 0, sourceFile: "memory",
                                 entries: [try entry(reason: ownerData, caseNumber: "1980-01-02", source: "SMITH JOHN")])
        let hits = HotlistMatcher(lists: [list]).match(read("ABC1234"), permitted: ["ncic"], at: 0)
        let notice = HitNotice(id: "n-1", hits: hits, capture: CaptureContext(site: Site(latitude: 0, longitude: 0, description: "x"), contextJPEG: nil))
        #expect(notice.primary.reason == EntryTextRules.withheld)
        #expect(notice.primary.caseNumber == EntryTextRules.withheld)
        #expect(notice.primary.source == EntryTextRules.withheld)
        let json = String(decoding: try NoticeOutbox.encoder.encode(notice), as: UTF8.self)
        #expect(!json.contains("Smith") && !json.contains("SMITH") && !json.contains("1980"))
    }

    @Test func aNoticeAlreadyInTheOutboxIsScreenedWhenReadForDelivery() throws {
        let files = FaultInjectingFileSystem()
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: ManualWallClock())
        var older = sampleNotice()
        older.hits[0].reason = ownerData
        older.hits[0].caseNumber = "123-45-6789"
        _ = try outbox.commit(older)
        let file = try files.readWholeFile("/o/notices/" + NoticeOutbox.fileName(1) + ".json")
        #expect(String(decoding: file, as: UTF8.self).contains("John Smith"), "the outbox holds the older, unscreened text")

        let reopened = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: ManualWallClock())
        let delivered = try reopened.notice(1).notice.primary
        #expect(delivered.reason == EntryTextRules.withheld)
        #expect(delivered.caseNumber == EntryTextRules.withheld)
        #expect(delivered.source == "s")
        #expect(try reopened.notices(after: 0).map(\.notice.primary.reason) == [EntryTextRules.withheld])
    }
}
