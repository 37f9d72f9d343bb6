import Logging
import MilepostCore
import MilepostHotlist
import MilepostHotlistTesting
import MilepostImaging
import MilepostPolicy
import MilepostTesting
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct NoticeHitCheckerTests {
    @Test func theFirstFrameOfAPassCommitsOneNoticeWithJPEGImagesOnTheNoticesQueue() async throws {
        let files = FaultInjectingFileSystem()
        let queue = SerialLane(label: "test.notices", pool: .forTests)
        let clock = ManualWallClock()
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try store.replace(
            settings: ListSettings(name: "ncic", lookalikeSubstitutions: 1),
            entries: [HotlistEntry(plate: try PlateText(normalizing: "ABC1234"), state: "MA", code: .stolenVehicle, reason: "stolen",
                                   entered: 0, expires: nil, source: "MA0140000")],
            sourceFile: "f", approval: FakeHotlistApprovals.approvingAnyList, now: 0)
        let outboxFiles = QueueCheckingFileSystem(files, queue: queue)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: outboxFiles, clock: clock)
        let checker = NoticeHitChecker(
            notifier: try HitNotifier(hotlists: store, outbox: outbox, clock: clock), queue: queue)
        outboxFiles.forget()
        let scope = HitScope(authorizationID: "TA-1", permittedHotlists: ["ncic"],
                             site: Site(latitude: 42, longitude: -71, description: "Route 9 at Main St"))
        let image = LumaImage(width: 64, height: 32, pixels: [UInt8](repeating: 128, count: 64 * 32))
        let crop = try JPEG.encodeGrey(image)
        func read(_ text: PlateText, at frame: CapturedFrame) -> PlateRead {
            .sample(text, confidence: 870, at: UTCTime(millisecondsSinceEpoch: frame.capturedAtMilliseconds), crop: crop)
        }
        let frame = CapturedFrame(image: image, capturedAtMilliseconds: 1_795_000_000_000)
        let later = CapturedFrame(image: image, capturedAtMilliseconds: 1_795_000_000_200)

        #expect(try await checker.check(read("ABC1234", at: frame), frame: frame, scope: scope) == 1)
        #expect(try await checker.check(read("A8C1234", at: later), frame: later, scope: scope) == 0, "same pass")
        #expect(try await checker.check(read("XYZ999", at: later), frame: later, scope: scope) == 0)
        #expect(outboxFiles.operations.contains { $0.name == "sync" }, "the notice was committed durably")
        #expect(outboxFiles.offQueue.isEmpty, "the commit ran on the notices queue: \(outboxFiles.offQueue)")

        let stored = try #require(try outbox.notices(after: 0).first)
        #expect(stored.notice.readConfidence == 0.87)
        #expect(stored.notice.unit == "unit-7")
        #expect(stored.notice.site == "Route 9 at Main St")
        #expect(stored.notice.location.latitude == 42)
        #expect(stored.notice.plateCrop.map { [UInt8]($0) } == crop, "the notice carries the read's own crop, not a second encoding")
        #expect(stored.notice.contextImage.map { Array($0.prefix(2)) } == [0xFF, 0xD8])
        #expect(try outbox.notices(after: 0).count == 1)
    }

    /// A hotlist store with one single-plate list per entry of `plates` (list name: plate).
    static func hotlists(_ plates: [String: String], files: FaultInjectingFileSystem) throws -> HotlistStore {
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        for (list, plate) in plates.sorted(by: { $0.key < $1.key }) {
            try store.replace(
                settings: ListSettings(name: list),
                entries: [HotlistEntry(plate: try PlateText(normalizing: plate), state: "MA", code: .stolenVehicle, reason: list,
                                       entered: 0, expires: nil, source: "MA0140000")],
                sourceFile: list, approval: FakeHotlistApprovals.approvingAnyList, now: 0)
        }
        return store
    }

    /// Text the reader produced that is not a plate is reported, with its text, as a failed
    /// recognition (logged and counted by the pipeline), never dropped as a read without a hit.
    @Test func textThatIsNotAPlateIsAFailedRecognitionNamingIt() async throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let store = try Self.hotlists(["stolen": "STOLEN1"], files: files)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let site = Site(latitude: 42.1, longitude: -71.1, description: "Route 9 EB")
        let recorder = FakeRecorder()
        let pipeline = CapturePipeline(
            permission: FakePermission(.allowed(authorizationID: "TA-1", permittedHotlists: ["stolen"], site: site)),
            cycles: FakeCycles(), reader: FakeReader(plates: ["AB#12"]), recorder: recorder,
            hits: NoticeHitChecker(notifier: try HitNotifier(hotlists: store, outbox: outbox, clock: clock), queue: SerialLane(label: "test.notices", pool: .forTests)),
            origin: .testUnit, logger: Logger(label: "test"))

        guard case .completed(let report) = await pipeline.handlePresence() else {
            Issue.record("the cycle did not complete")
            return
        }
        let failure = try #require(report.failures.first)
        #expect(report.failures.count == 1)
        #expect(failure.stage == .recognition)
        #expect(failure.message.contains("plate 'AB#12' contains '#'"))
        #expect(await recorder.stored.isEmpty)
        #expect(try outbox.notices(after: 0).isEmpty)
    }

    /// The pipeline asks the guard before every cycle, so an authorization installed while the
    /// unit runs decides, from its first cycle, both which lists may hit and the site named.
    @Test func eachCycleMatchesOnlyTheListsAndNamesTheSiteOfItsOwnAuthorization() async throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let store = try Self.hotlists(["stolen": "STOLEN1", "amber": "AMBER22"], files: files)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        // Every frame is its own pass here, so only the permitted set decides what is notified.
        let notifier = try HitNotifier(hotlists: store, outbox: outbox, clock: clock,
                                       deduplicator: PassDeduplicator(passGapMillis: 0, repeatIntervalMillis: 0))
        let route9 = Site(latitude: 42.1, longitude: -71.1, description: "Route 9 EB")
        let mainStreet = Site(latitude: 42.2, longitude: -71.2, description: "Main St at Elm")
        let permission = FakePermission(.allowed(authorizationID: "TA-1", permittedHotlists: ["stolen"], site: route9))
        let pipeline = CapturePipeline(
            permission: permission, cycles: FakeCycles(), reader: FakeReader(plates: ["STOLEN1", "AMBER22"]),
            recorder: FakeRecorder(), hits: NoticeHitChecker(notifier: notifier, queue: SerialLane(label: "test.notices", pool: .forTests)),
            origin: .testUnit, logger: Logger(label: "test"))

        _ = await pipeline.handlePresence()
        await permission.set(.allowed(authorizationID: "TA-2", permittedHotlists: ["amber"], site: mainStreet))
        _ = await pipeline.handlePresence()
        await permission.set(.refused(reason: "expired"))
        _ = await pipeline.handlePresence()
        await permission.set(.allowed(authorizationID: "TA-3", permittedHotlists: [], site: route9))
        _ = await pipeline.handlePresence()

        let notices = try outbox.notices(after: 0).map(\.notice)
        #expect(notices.map(\.plate) == ["ST0LEN1", "AMBER22"], "as the reader reads it, O as 0")
        #expect(notices.map(\.site) == ["Route 9 EB", "Main St at Elm"])
        #expect(notices.map(\.location.latitude) == [42.1, 42.2])
        #expect(notices.map { $0.hits.map(\.list) } == [["stolen"], ["amber"]])
    }

    /// The real deployment guard: an authorization installed while the pipeline runs gives the
    /// next cycle's notice its site and its permitted lists.
    @Test func anAuthorizationInstalledWhileRunningGivesTheNextNoticeItsSiteAndLists() async throws {
        let fixture = try PolicyUnitFixture()
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let store = try Self.hotlists(["ncic-stolen": "STOLEN1", "local-bolo": "BOLO222"], files: files)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let pipeline = CapturePipeline(
            permission: PolicyCapturePermission(deploymentGuard: fixture.unit.deploymentGuard, queue: SerialLane(label: "test.permission", pool: .forTests)), cycles: FakeCycles(),
            reader: FakeReader(plates: ["STOLEN1", "BOLO222"]), recorder: FakeRecorder(),
            hits: NoticeHitChecker(notifier: try HitNotifier(hotlists: store, outbox: outbox, clock: clock), queue: SerialLane(label: "test.notices", pool: .forTests)),
            origin: .testUnit, logger: Logger(label: "test"))

        #expect(await pipeline.handlePresence().isRefused, "no authorization yet")
        try fixture.unit.install(token: try fixture.authorization(), actor: PolicyUnitFixture.detective, source: "test", document: "auth")
        _ = await pipeline.handlePresence()

        let notices = try outbox.notices(after: 0).map(\.notice)
        #expect(notices.map(\.plate) == ["ST0LEN1"], "only the authorization's list ncic-stolen")
        #expect(notices.first?.site == "Main St at Rte 9")
        #expect(notices.first?.location.latitude == 42.2459)
    }
}

extension CaptureOutcome {
    fileprivate var isRefused: Bool {
        if case .refused = self { return true }
        return false
    }
}
