import MilepostCore
import Testing

@testable import MilepostHotlist
import MilepostHotlistTesting
import MilepostSystem
import MilepostTesting

/// The store matches only lists whose stored content its approval check passes, checks them
/// again at every load, and reports each install, replacement and refusal with the content hash.
@Suite struct HotlistApprovalStoreTests {
    let settings = ListSettings(name: "ncic-stolen")
    let day: Int64 = 1_795_000_000

    func entries(_ plates: [String]) throws -> [HotlistEntry] {
        try plates.map { try HotlistReloadTests.entry($0) }
    }

    /// The list as it would be approved: the token names its name and content hash.
    func approvedToken(_ plates: [String]) throws -> String {
        FakeHotlistApprovals.token(approving: ActiveHotlist(settings: settings, version: 1, importedAt: 0, sourceFile: "-", entries: try entries(plates)))
    }

    @Test func anImportIsRefusedUnlessItsApprovalNamesThisContent() throws {
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: FakeHotlistApprovals())
        let approved = try store.replace(settings: settings, entries: try entries(["ABC1234"]), sourceFile: "a.csv", approval: try approvedToken(["ABC1234"]), now: day)
        #expect(approved.approval != nil)
        #expect(throws: HotlistStoreError.self) {
            try store.replace(settings: settings, entries: try entries(["ABC1234", "XYZ9999"]), sourceFile: "b.csv", approval: try approvedToken(["ABC1234"]), now: day)
        }
        #expect(store.list(named: "ncic-stolen")?.contentSHA256 == approved.contentSHA256, "the approved list stays active")
        #expect(store.matcher.match(read("XYZ9999"), permitted: ["ncic-stolen"], at: day).isEmpty)
    }

    /// The attack: anyone who can write the hotlist directory swaps the stored list for one
    /// watching other plates, keeping the approval token and fixing the file's own digest.
    @Test func aListSwappedOnDiskIsRefusedAtTheNextLoadAndNeverMatched() throws {
        let files = FaultInjectingFileSystem()
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        let token = try approvedToken(["ABC1234"])
        try store.replace(settings: settings, entries: try entries(["ABC1234"]), sourceFile: "a.csv", approval: token, now: day)

        let swapped = ActiveHotlist(settings: settings, version: 1, importedAt: day, sourceFile: "a.csv", entries: try entries(["ABC1234", "VIC7IM1"]),
                                    approval: ListApproval(token: token, id: "fake", kind: "routine", caseNumber: nil, notBefore: 0, until: .max, approvedBy: "?"))
        try files.replaceAtomically("/h/ncic-stolen.hotlist", with: StoredHotlistFormat.encode(swapped))
        try files.replaceAtomically("/h/generation", with: Array("swapped\n".utf8))

        let changes = try #require(try store.reloadIfChanged())
        #expect(changes == [.refused(name: "ncic-stolen", version: 1, sha256: swapped.contentSHA256,
                                     reason: "approval \(token) does not approve list ncic-stolen with content SHA-256 \(swapped.contentSHA256)")])
        #expect(store.matcher.match(read("VIC7IM1"), permitted: ["ncic-stolen"], at: day).isEmpty)
        #expect(store.matcher.match(read("ABC1234"), permitted: ["ncic-stolen"], at: day).isEmpty, "the whole swapped list is refused")
        let status = try #require(store.status(now: day).first)
        #expect(status.condition == .unapproved && status.isAlarm)
        #expect(status.sha256 == swapped.contentSHA256)
    }

    @Test func loadsReportInstallsReplacementsAndRemovalsOnce() throws {
        let files = FaultInjectingFileSystem()
        let importer = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        let first = try importer.replace(settings: settings, entries: try entries(["ABC1234"]), sourceFile: "a.csv", approval: try approvedToken(["ABC1234"]), now: day)
        let unit = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        let atStart = try unit.load()
        #expect(atStart == [.installed(name: "ncic-stolen", version: 1, sha256: first.contentSHA256, entryCount: 1, approval: try #require(first.approval), replacing: nil)])
        #expect(try unit.reloadIfChanged() == nil)

        let second = try importer.replace(settings: settings, entries: try entries(["DEF5678"]), sourceFile: "b.csv", approval: try approvedToken(["DEF5678"]), now: day + 60)
        #expect(try unit.reloadIfChanged() == [.installed(name: "ncic-stolen", version: 2, sha256: second.contentSHA256, entryCount: 1,
                                                           approval: try #require(second.approval), replacing: 1)])
        try importer.remove(name: "ncic-stolen")
        #expect(try unit.reloadIfChanged() == [.removed(name: "ncic-stolen", version: 2)])
    }

    @Test func aRevokedApprovalStopsMatchingAtTheNextCheckWithoutANewImport() throws {
        let approvals = FakeHotlistApprovals()
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: approvals)
        let token = try approvedToken(["ABC1234"])
        try store.replace(settings: settings, entries: try entries(["ABC1234"]), sourceFile: "a.csv", approval: token, now: day)
        #expect(!store.matcher.match(read("ABC1234"), permitted: ["ncic-stolen"], at: day).isEmpty)
        approvals.revoke(token)
        let changes = try #require(try store.reloadIfChanged(), "a new revocation state reloads the lists")
        #expect(changes.map(\.listName) == ["ncic-stolen"])
        #expect(store.matcher.match(read("ABC1234"), permitted: ["ncic-stolen"], at: day).isEmpty)
    }

    @Test func aListIsMatchedOnlyInsideItsApprovalsWindow() throws {
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: FakeHotlistApprovals(notBefore: day, until: day + 3600))
        try store.replace(settings: settings, entries: try entries(["ABC1234"]), sourceFile: "a.csv", approval: try approvedToken(["ABC1234"]), now: day)
        #expect(!store.matcher.match(read("ABC1234"), permitted: ["ncic-stolen"], at: day + 3599).isEmpty)
        #expect(store.matcher.match(read("ABC1234"), permitted: ["ncic-stolen"], at: day + 3600).isEmpty)
        #expect(store.matcher.match(read("ABC1234"), permitted: ["ncic-stolen"], at: day - 1).isEmpty)
        #expect(store.status(now: day + 3600).map(\.condition) == [.unapproved])
    }
}
