import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MilepostCore
import MilepostHotlist
import MilepostHotlistTesting
import MilepostPolicy
import MilepostPolicyTesting
import MilepostTesting
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

/// The hotlist side of the running unit's status: lists imported by another process are
/// picked up, and a list not replaced within 24 hours is an alarm.
@Suite struct NoticeHotlistStatusTests {
    static let day: Int64 = 86_400_000

    func store(_ files: FaultInjectingFileSystem, importedAtMillis: Int64) throws -> HotlistStore {
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try store.replace(
            settings: ListSettings(name: "stolen"),
            entries: [HotlistEntry(plate: try PlateText(normalizing: "ABC1234"), state: "MA", code: .stolenVehicle, reason: "stolen",
                                   entered: 0, expires: nil, source: "MA0140000")],
            sourceFile: "daily.csv", approval: FakeHotlistApprovals.approvingAnyList, now: importedAtMillis / 1000)
        return store
    }

    @Test func aListOlderThanADayIsAnAlarmUntilReplaced() async throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: 1_795_000_000_000))
        _ = try store(files, importedAtMillis: clock.now().millisecondsSinceEpoch)
        let queue = SerialLane(label: "test.hotlists", pool: .forTests)
        let watched = QueueCheckingFileSystem(files, queue: queue)
        let running = try HotlistStore(directory: "/h", fileSystem: watched, approvals: FakeHotlistApprovals())
        try running.load()
        let audit = try AuditLog(storage: InMemoryAuditStorage(), checkpoints: InMemoryAuditStorage(name: "audit-checkpoints"), clock: clock)
        let watch = HotlistWatchService(store: running, audit: HotlistChangeAudit(recorder: audit, unitID: try UnitID("unit-7")), clock: clock,
                                        queue: queue, logger: Logger(label: "test"))
        #expect(await watch.check(alreadyAlarmed: []).isEmpty)
        clock.advance(milliseconds: Self.day + 1000)
        #expect(await watch.check(alreadyAlarmed: []) == ["stolen:stale"])

        let importer = try self.store(files, importedAtMillis: clock.now().millisecondsSinceEpoch)
        #expect(importer.status(now: clock.now().millisecondsSinceEpoch / 1000).first?.version == 1, "a separate process, numbering on its own")
        watched.forget()
        #expect(await watch.check(alreadyAlarmed: ["stolen:stale"]).isEmpty, "the running unit picked up the new import")
        #expect(watched.operations.contains { $0.name == "read" && $0.path == "/h/stolen.hotlist" }, "the list was reloaded")
        #expect(watched.offQueue.isEmpty, "the look and the reload ran on the hotlists queue: \(watched.offQueue)")
        #expect(try audit.wholeEntries().map(\.event) == ["hotlist.replaced"], "the reload that changed the list was audited")
    }

    @Test func statusRouteReportsTheAlarmWithoutPlates() async throws {
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: 1_795_000_000_000))
        let store = try store(FaultInjectingFileSystem(), importedAtMillis: clock.now().millisecondsSinceEpoch - Self.day - 1000)
        let router = Router()
        HotlistStatusRoutes(store: store, clock: clock, permitted: { ["stolen"] }).add(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/status/hotlists", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(body.contains("\"alarm\":true"))
                #expect(body.contains("\"condition\":\"stale\""))
                #expect(!body.contains("ABC1234"))
            }
        }
    }

    @Test func aPermittedListTheUnitDoesNotHaveIsAnAlarm() async throws {
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: 1_795_000_000_000))
        let store = try store(FaultInjectingFileSystem(), importedAtMillis: clock.now().millisecondsSinceEpoch)
        let router = Router()
        HotlistStatusRoutes(store: store, clock: clock, permitted: { ["stolen", "amber"] }).add(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/status/hotlists", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("\"alarm\":true"))
                #expect(body.contains("\"permittedButMissing\":[\"amber\"]"))
            }
        }
        let quiet = Router()
        HotlistStatusRoutes(store: store, clock: clock, permitted: { nil }).add(to: quiet)
        try await Application(router: quiet).test(.router) { client in
            try await client.execute(uri: "/status/hotlists", method: .get) { response in
                #expect(String(buffer: response.body).contains("\"alarm\":false"), "no authorization: nothing is missing")
            }
        }
    }
}
