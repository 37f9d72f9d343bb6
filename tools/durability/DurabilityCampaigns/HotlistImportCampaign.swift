import Foundation
import MilepostCore
import MilepostHotlist
import MilepostHotlistTesting
import MilepostSystem
import MilepostTesting

/// Hotlist import: CSV imports that replace lists of a few to a few hundred entries (one
/// sector to many), removals and re-imports, across three lists. After every cut the store is
/// loaded as the unit loads it at start, and every list must be wholly the version last
/// acknowledged for it or, for the list the cut interrupted, wholly the new one: never a half
/// import, an unreadable file, or an acknowledged version gone.
struct HotlistImportCampaign: PowerCutCampaign {
    static let name = "hotlist-import"
    var name: String { Self.name }

    static let directory = "/var/lib/milepost/hotlists"
    static let day: Int64 = 1_795_000_000

    enum Step {
        case importList(name: String, plates: [String])
        case remove(name: String)
    }

    /// A list as it must be after recovery: nil when it must be absent.
    struct ListState: Equatable {
        var version: Int
        var plates: [String]
    }

    struct Journal {
        var acknowledged = 0
        var lists: [String: ListState] = [:]
        /// The list the cut interrupted and what it would have become.
        var inFlight: (name: String, state: ListState?)?
    }

    func emptyJournal() -> Journal { Journal() }

    static func plates(_ prefix: String, _ count: Int) -> [String] {
        (1...count).map { prefix + String(format: "%04d", $0) }
    }

    static let steps: [Step] = [
        .importList(name: "stolen", plates: plates("ST", 3)),
        .importList(name: "wanted", plates: plates("WA", 40)),
        .importList(name: "stolen", plates: plates("SB", 250)),
        .importList(name: "amber", plates: plates("AM", 12)),
        .remove(name: "wanted"),
        .importList(name: "stolen", plates: plates("SC", 17)),
        .importList(name: "wanted", plates: plates("WB", 90)),
        .importList(name: "amber", plates: plates("AN", 1)),
        .remove(name: "amber"),
        .importList(name: "stolen", plates: plates("SD", 120)),
    ]

    static func csv(_ plates: [String]) -> [UInt8] {
        Array(("plate,state,code,reason,entered\n" + plates.map { "\($0),MA,V,stolen,2026-11-01\n" }.joined()).utf8)
    }

    static func settings(_ name: String) -> ListSettings {
        ListSettings(name: name, priority: name == "amber" ? .high : .routine, lookalikeSubstitutions: 1)
    }

    static func describe(_ state: ListState?) -> String {
        state.map { "version \($0.version) of \($0.plates.count) plates" } ?? "no list"
    }

    static func state(of list: ActiveHotlist) -> ListState {
        ListState(version: list.version, plates: list.index.entries.map(\.plate.description))
    }

    func run(on fs: FaultInjectingFileSystem, journal: inout Journal) throws {
        let store = try HotlistStore(directory: Self.directory, fileSystem: fs, approvals: FakeHotlistApprovals())
        try store.load()
        for (n, step) in Self.steps.enumerated() {
            switch step {
            case .importList(let name, let plates):
                let next = ListState(version: (store.list(named: name)?.version ?? 0) + 1, plates: plates)
                journal.inFlight = (name, next)
                let list = try store.importList(Self.csv(plates), file: "import-\(n).csv", format: .csv, settings: Self.settings(name), approval: FakeHotlistApprovals.approvingAnyList, now: Self.day + Int64(n) * 60)
                journal.lists[name] = Self.state(of: list)
            case .remove(let name):
                journal.inFlight = (name, nil)
                try store.remove(name: name)
                journal.lists[name] = nil
            }
            journal.inFlight = nil
            journal.acknowledged += 1
        }
    }

    func recover(from fs: FaultInjectingFileSystem, journal: Journal) -> RecoveryCheck {
        var check = RecoveryCheck(acknowledged: journal.acknowledged)
        let store: HotlistStore
        do {
            store = try HotlistStore(directory: Self.directory, fileSystem: fs, approvals: FakeHotlistApprovals())
            try store.load()
        } catch {
            check.problems.append("the hotlist store does not load: \(error)")
            return check
        }
        let statuses = store.status(now: Self.day)
        for status in statuses where status.condition == .unreadable {
            check.problems.append("list \(status.name) is unreadable (half imported?): \(status.problem ?? "")")
        }
        let names = Set(journal.lists.keys).union(statuses.map(\.name)).union(journal.inFlight.map { [$0.name] } ?? [])
        for name in names.sorted() {
            let found = store.list(named: name).map(Self.state(of:))
            let acknowledged = journal.lists[name]
            if found == acknowledged { continue }
            if let inFlight = journal.inFlight, inFlight.name == name, found == inFlight.state { continue }
            if let acknowledged, found == nil || found!.version < acknowledged.version {
                check.lose("list \(name) version \(acknowledged.version) was acknowledged; found \(found.map { "version \($0.version)" } ?? "no list")")
            } else {
                let interrupted = journal.inFlight.flatMap { $0.name == name ? Self.describe($0.state) : nil } ?? "none"
                check.problems.append("list \(name) is neither the acknowledged nor the interrupted version: found \(Self.describe(found)); "
                    + "acknowledged \(Self.describe(acknowledged)); interrupted \(interrupted)")
            }
        }
        do {
            let before = store.list(named: "stolen")?.version ?? 0
            let list = try store.importList(Self.csv(Self.plates("RE", 5)), file: "after.csv", format: .csv, settings: Self.settings("stolen"), approval: FakeHotlistApprovals.approvingAnyList, now: Self.day + 86400)
            if list.version != before + 1 { check.problems.append("an import after recovery got version \(list.version), not \(before + 1)") }
        } catch {
            check.problems.append("the recovered store refuses an import: \(error)")
        }
        return check
    }
}
