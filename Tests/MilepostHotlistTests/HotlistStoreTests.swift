import MilepostCore
import Testing

@testable import MilepostHotlist
import MilepostHotlistTesting
import MilepostSystem
import MilepostTesting
import SystemPackage

@Suite struct HotlistStoreTests {
    let settings = ListSettings(name: "ncic", priority: .elevated, lookalikeSubstitutions: 1)
    let day: Int64 = 1_795_000_000

    func csv(_ plates: [String]) -> [UInt8] {
        Array(("plate,state,code,reason,entered\n" + plates.map { "\($0),MA,V,stolen,2026-11-01\n" }.joined()).utf8)
    }

    @Test func replacementIsPersistedVersionedAndReloaded() throws {
        let files = FaultInjectingFileSystem()
        let store = try HotlistStore(directory: "/data/hotlists", fileSystem: files, approvals: FakeHotlistApprovals())
        try store.importList(csv(["AAA111"]), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        let second = try store.importList(csv(["BBB222", "CCC333"]), file: "b.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day + 60)
        #expect(second.version == 2)

        let reopened = try HotlistStore(directory: "/data/hotlists", fileSystem: files, approvals: FakeHotlistApprovals())
        try reopened.load()
        let list = try #require(reopened.list(named: "ncic"))
        #expect(list.version == 2)
        #expect(list.settings == settings)
        #expect(list.index.entries.map(\.plate.description) == ["BBB222", "CCC333"])
        #expect(reopened.matcher.match(read("CCC333"), permitted: ["ncic"], at: day).count == 1)
    }

    @Test func aRefusedImportLeavesThePreviousListActive() throws {
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: FakeHotlistApprovals())
        try store.importList(csv(["AAA111"]), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        let bad = Array("plate,code,owner_name\nBBB222,V,SMITH\n".utf8)
        #expect(throws: HotlistStoreError.self) {
            try store.importList(bad, file: "bad.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        }
        #expect(store.list(named: "ncic")?.version == 1)
        #expect(store.matcher.match(read("AAA111"), permitted: ["ncic"], at: day).count == 1)
    }

    /// Cuts power after every possible number of file operations of a replacement; after
    /// each cut the reloaded store must hold exactly the old list or exactly the new one.
    @Test func aPowerCutAtAnyPointLeavesTheOldOrTheNewListWhole() throws {
        var sawOld = false, sawNew = false
        for cutPoint in 0..<20 {
            let files = FaultInjectingFileSystem()
            let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
            try store.importList(csv(["AAA111"]), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
            files.failMutations(after: cutPoint)
            let replaced = (try? store.importList(csv(["BBB222", "CCC333"]), file: "b.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)) != nil
            if !replaced { #expect(store.list(named: "ncic")?.version == 1, "a failed replacement keeps the old list active") }
            files.powerCut()

            let reopened = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
            try reopened.load()
            let plates = reopened.list(named: "ncic")?.index.entries.map(\.plate.description)
            #expect(plates == ["AAA111"] || plates == ["BBB222", "CCC333"], "cut point \(cutPoint): \(String(describing: plates))")
            #expect(reopened.status(now: day).allSatisfy { $0.condition == .current })
            if replaced { #expect(plates == ["BBB222", "CCC333"], "a replacement that returned must survive a power cut") }
            if plates == ["AAA111"] { sawOld = true } else { sawNew = true }
        }
        #expect(sawOld && sawNew)
    }

    @Test func aFullDiskIsReportedAndNothingChanges() throws {
        let files = FaultInjectingFileSystem()
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try store.importList(csv(["AAA111"]), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        files.failMutations(after: 1, with: .noSpace)
        #expect {
            try store.importList(csv(["BBB222"]), file: "b.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        } throws: { error in
            guard case .fileSystem(let cause)? = error as? HotlistStoreError else { return false }
            return cause.errno == .noSpace
        }
        #expect(store.list(named: "ncic")?.index.entries.map(\.plate.description) == ["AAA111"])
    }

    @Test func aRemovalOnADiskThatCannotBeReadIsRefusedNotAcknowledged() throws {
        let files = FaultInjectingFileSystem()
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try store.importList(csv(["AAA111"]), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        files.cutPower(atWritePoint: 1)
        #expect(throws: FileError.self) { try files.makeDirectory("/dead") }  // the disk is gone: every stat fails
        #expect(throws: HotlistStoreError.self) { try store.remove(name: "ncic") }
        files.powerCut()
        let reopened = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try reopened.load()
        #expect(reopened.list(named: "ncic")?.version == 1)
    }

    @Test func listsOlderThanADayRaiseTheAlarm() throws {
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: FakeHotlistApprovals())
        try store.importList(csv(["AAA111"]), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        #expect(store.status(now: day + 24 * 3600).map(\.condition) == [.current])
        let stale = store.status(now: day + 24 * 3600 + 1)
        #expect(stale.map(\.condition) == [.stale])
        #expect(stale.first?.isAlarm == true)
        #expect(stale.first?.ageSeconds.map(Int.init) == 86_401)
    }

    @Test func aCorruptStoredListIsReportedUnreadable() throws {
        let files = FaultInjectingFileSystem()
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try store.importList(csv(["AAA111"]), file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        var bytes = try files.readWholeFile("/h/ncic.hotlist")
        bytes[bytes.count / 2] ^= 0x01
        try files.replaceAtomically("/h/ncic.hotlist", with: bytes)

        try store.load()
        #expect(store.list(named: "ncic") == nil)
        let status = store.status(now: day)
        #expect(status.map(\.condition) == [.unreadable])
        #expect(status.first?.problem?.contains("SHA-256") == true)
    }

    @Test func badListNamesAndNonUTF8FilesAreRefused() throws {
        let store = try HotlistStore(directory: "/h", fileSystem: FaultInjectingFileSystem(), approvals: FakeHotlistApprovals())
        #expect(throws: HotlistStoreError.invalidListName("../etc")) {
            try store.importList(csv(["A1"]), file: "a.csv", format: .csv, settings: ListSettings(name: "../etc"), approval: FakeHotlistApprovals.approvingAnyList, now: day)
        }
        #expect(throws: HotlistStoreError.notUTF8(file: "a.csv", offset: 6)) {
            try store.importList(Array("plate,".utf8) + [0xFF], file: "a.csv", format: .csv, settings: settings, approval: FakeHotlistApprovals.approvingAnyList, now: day)
        }
    }
}

@Suite struct HotlistReloadTests {
    static func entry(_ plate: String) throws -> HotlistEntry {
        HotlistEntry(plate: try PlateText(normalizing: plate), state: "MA", code: .stolenVehicle, reason: "stolen",
                     entered: 0, expires: nil, source: "MA0140000")
    }

    /// The running unit and `milepost hotlist import` are two processes sharing the directory.
    @Test func aRunningUnitPicksUpAListImportedByAnotherProcess() throws {
        let files = FaultInjectingFileSystem()
        let unit = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try unit.load()
        #expect(try unit.reloadIfChanged() == nil)

        let importer = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try importer.load()
        try importer.replace(settings: ListSettings(name: "stolen"), entries: [try Self.entry("NEW1234")], sourceFile: "daily.csv", approval: FakeHotlistApprovals.approvingAnyList, now: 100)
        let read = PlateRead.sample(try PlateText(normalizing: "NEW1234"), state: "MA")
        #expect(unit.matcher.match(read, permitted: ["stolen"], at: 100).isEmpty, "not yet reloaded")

        #expect(try unit.reloadIfChanged() != nil)
        #expect(unit.matcher.match(read, permitted: ["stolen"], at: 100).count == 1)
        #expect(try unit.reloadIfChanged() == nil, "nothing changed since")

        try importer.remove(name: "stolen")
        #expect(try unit.reloadIfChanged() != nil)
        #expect(unit.matcher.match(read, permitted: ["stolen"], at: 100).isEmpty)
    }
}
