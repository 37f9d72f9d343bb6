import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import MilepostCore
import MilepostHotlist
import MilepostSystem
import ServiceLifecycle
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

/// `milepost notices watch` against real HTTP servers on loopback.
@Suite struct NoticeWatcherTests {
    /// One unit's notice routes served on 127.0.0.1 until `stop()`.
    struct LiveUnit {
        let group: ServiceGroup
        let running: Task<Void, any Error>
        let port: Int

        static func start(_ harness: NoticeHarness, port: Int = 0) async throws -> LiveUnit {
            let router = Router()
            NoticeRoutes(outbox: harness.outbox, dispositions: harness.dispositions, tokens: harness.tokens,
                         audit: harness.audit, clock: SystemWallClock(), queue: SerialLane(label: "test.notices", pool: .forTests)).add(to: router)
            let (ports, portContinuation) = AsyncStream<Int>.makeStream()
            var quiet = Logger(label: "watch-test")
            quiet.logLevel = .critical
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                                  onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
                                  logger: quiet)
            let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
            let running = Task { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let bound = try #require(await iterator.next())
            return LiveUnit(group: group, running: running, port: bound)
        }

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await running.value
        }
    }

    @Test func printsSavesImagesAndResumesAfterTheUnitDropsTheConnection() async throws {
        let harness = try NoticeHarness()
        for i in 1...2 { try harness.outbox.commit(makeNotice("n-\(i)", plate: "ABC123\(i)")) }
        let first = try await LiveUnit.start(harness)
        let port = first.port

        let files = FaultInjectingFileSystem()
        let output = try NoticeWatchOutput(directory: "/officer", fileSystem: files)
        let (received, receivedContinuation) = AsyncStream<StoredNotice>.makeStream()
        let statuses = Locked<[String]>([])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let watcher = NoticeWatcher(unit: "http://127.0.0.1:\(port)/", token: NoticeHarness.token, retryDelay: .milliseconds(20))
        let watching = Task {
            try await watcher.watch(client: client, after: output.lastSaved(), count: 4,
                                    status: { message in statuses.withLock { $0.append(message) } }) { stored in
                _ = try output.save(stored)
                receivedContinuation.yield(stored)
            }
        }
        var notices = received.makeAsyncIterator()
        #expect(await notices.next()?.sequence == 1)
        #expect(await notices.next()?.sequence == 2)

        // The unit restarts: its open stream ends, a notice is committed while it is down,
        // and another once it is back on the same port.
        try await first.stop()
        try harness.outbox.commit(makeNotice("n-3", plate: "ABC1233"))
        let second = try await LiveUnit.start(harness, port: port)
        #expect(await notices.next()?.notice.id == "n-3")
        try harness.outbox.commit(makeNotice("n-4", plate: "ABC1234"))
        #expect(await notices.next()?.notice.id == "n-4")
        try await watching.value
        try await client.shutdown()
        try await second.stop()

        #expect(output.lastSaved() == 4)
        #expect(try files.readWholeFile("/officer/3-plate.jpg") == [0xFF, 0xD8, 0xFF, 0xD9])
        #expect(try files.readWholeFile("/officer/4-context.jpg") == [0xFF, 0xD8, 0xFF, 0xD9])
        let opened = harness.audit.events.withLock { $0 }.filter { $0.action == .streamOpened }.map(\.detail)
        #expect(opened.first == "new stream")
        #expect(opened.last == "resumed after 2", "the reconnect asked only for what it missed")
        #expect(statuses.withLock { $0 }.contains { $0.contains("resuming after notice 2") })
    }

    @Test func theTextCarriesTheBannerAndNamesTheSavedImages() throws {
        let output = try NoticeWatchOutput(directory: "/officer", fileSystem: FaultInjectingFileSystem())
        let text = try output.save(StoredNotice(sequence: 7, committedAtMillis: 0, notice: makeNotice("n-7")))
        #expect(text.contains("*** \(HitNotice.banner) ***"))
        #expect(text.contains("plate ABC1234  state MA"))
        #expect(text.contains("AMBER alert 26-114"))
        #expect(text.contains("plate image: /officer/7-plate.jpg"))
        #expect(text.contains("context image: /officer/7-context.jpg"))
    }

    @Test func aRefusedTokenStopsInsteadOfRetrying() async throws {
        let harness = try NoticeHarness()
        let unit = try await LiveUnit.start(harness)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let watcher = NoticeWatcher(unit: "http://127.0.0.1:\(unit.port)", token: "not-a-token", retryDelay: .milliseconds(20))
        await #expect(throws: NoticeWatcher.TokenRefused.self) {
            try await watcher.watch(client: client, after: nil) { _ in }
        }
        try await client.shutdown()
        try await unit.stop()
    }
}
