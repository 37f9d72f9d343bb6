import Foundation
import MilepostCore
import MilepostTesting
import Testing

@testable import MilepostHotlist
import MilepostTesting
import MilepostSystem
import SystemPackage

@Suite struct NoticeOutboxTests {
    @Test func aCommittedNoticeSurvivesAPowerCutAndIsStillPending() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        let stored = try outbox.commit(sampleNotice(id: "n-1"))
        #expect(stored.sequence == 1)
        files.powerCut()

        let reopened = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        #expect(try reopened.notice(1) == stored)
        #expect(reopened.pendingDeliveries().map(\.sequence) == [1])
        #expect(reopened.lastSequence == 1)
        #expect(try reopened.commit(sampleNotice(id: "n-2")).sequence == 2)
    }

    /// Cuts power at every point of committing a notice: afterwards the notice is either
    /// absent (commit did not return) or whole and pending (commit returned).
    @Test func everyCutPointLeavesTheNoticeWholeOrAbsent() throws {
        for cutPoint in 0..<8 {
            let files = FaultInjectingFileSystem()
            let clock = ManualWallClock()
            let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
            files.failMutations(after: cutPoint)
            let committed = (try? outbox.commit(sampleNotice(id: "n-1"))) != nil
            files.powerCut()
            let reopened = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
            let pending = reopened.pendingDeliveries().map(\.sequence)
            if committed {
                #expect(pending == [1], "cut \(cutPoint)")
                #expect(try reopened.notice(1).notice.id == "n-1")
            } else {
                #expect(pending.isEmpty, "cut \(cutPoint)")
                #expect(try reopened.notices(after: 0).isEmpty)
            }
        }
    }

    @Test func aFailedCommitIsReportedNotSwallowed() throws {
        let files = FaultInjectingFileSystem()
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: ManualWallClock())
        files.failMutations(after: 0, with: .noSpace)
        #expect {
            try outbox.commit(sampleNotice())
        } throws: { error in
            guard case .fileSystem(let cause)? = error as? OutboxError else { return false }
            return cause.errno == .noSpace
        }
        #expect(outbox.pendingDeliveries().isEmpty)
    }

    @Test func replayReturnsNoticesAfterASequenceInOrder() throws {
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: FaultInjectingFileSystem(), clock: ManualWallClock())
        for i in 1...5 { try outbox.commit(sampleNotice(id: "n-\(i)")) }
        #expect(try outbox.notices(after: 2).map(\.notice.id) == ["n-3", "n-4", "n-5"])
        #expect(try outbox.notices(after: 2, limit: 1).map(\.sequence) == [3])
        #expect(throws: OutboxError.unknownNotice(9)) { try outbox.notice(9) }
    }

    @Test func subscribersSeeCommitsAsTheyHappen() async throws {
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: FaultInjectingFileSystem(), clock: ManualWallClock())
        let stream = outbox.subscribe()
        try outbox.commit(sampleNotice(id: "n-1"))
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.notice.id == "n-1")
    }

    @Test func pruningDeletesOldDeliveredNoticesButNeverThePendingOrTheNewest() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: 0))
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        for i in 1...4 {
            try outbox.commit(sampleNotice(id: "n-\(i)"))
            clock.advance(milliseconds: 1000)
        }
        for record in outbox.pendingDeliveries() where record.sequence <= 2 || record.sequence == 4 {
            var done = record
            done.state = .delivered
            try outbox.record(done)
        }
        // 1 and 2 are old and delivered; 3 is old but still pending; 4 is the newest.
        #expect(try outbox.prune(committedBefore: 10_000) == 2)
        #expect(try outbox.notices(after: 0).map(\.sequence) == [3, 4])
        #expect(try files.listDirectory("/o/deliveries").sorted() == ["0000000000000004-cad.json"])

        var done = try #require(outbox.pendingDeliveries().first)
        done.state = .expired
        try outbox.record(done)
        #expect(try outbox.prune(committedBefore: 10_000) == 1)
        #expect(try outbox.notices(after: 0).map(\.sequence) == [4], "the newest stays")
        let reopened = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        #expect(try reopened.commit(sampleNotice(id: "n-5")).sequence == 5, "numbers are not reused")
    }

    @Test func pruningDeletesAnUndecodableNoticeAndSweepsDeliveryRecordsLeftByACut() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: 0))
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        for i in 1...3 {
            try outbox.commit(sampleNotice(id: "n-\(i)"))
            clock.advance(milliseconds: 1000)
        }
        for record in outbox.pendingDeliveries() {
            var done = record
            done.state = .delivered
            try outbox.record(done)
        }
        // Notice 1 no longer decodes; notice 2 was deleted but a cut left its delivery record.
        let garbage = try files.openFile("/o/notices/garbage.tmp", create: true)
        try garbage.write(Array("{\"not a notice".utf8), at: 0)
        garbage.close()
        try files.rename("/o/notices/garbage.tmp", to: "/o/notices/0000000000000001.json")
        try files.unlink("/o/notices/0000000000000002.json")

        #expect(try outbox.prune(committedBefore: 10_000) == 1)
        #expect(try outbox.notices(after: 0).map(\.sequence) == [3])
        #expect(try files.listDirectory("/o/deliveries").sorted() == ["0000000000000003-cad.json"])
    }

    /// A console server following a unit's outbox sees what the unit's process commits.
    @Test func aFollowerAdoptsNoticesCommittedByAnotherProcessInOrder() async throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let writer = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        try writer.commit(sampleNotice(id: "n-1"))
        let follower = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        let stream = follower.subscribe()
        #expect(try follower.adoptExternalCommits() == 0, "what existed at open is not news")

        try writer.commit(sampleNotice(id: "n-2"))
        try writer.commit(sampleNotice(id: "n-3"))
        #expect(try follower.adoptExternalCommits() == 2)
        #expect(try follower.adoptExternalCommits() == 0)
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.notice.id == "n-2")
        #expect(await iterator.next()?.notice.id == "n-3")
        #expect(follower.lastSequence == 3)
        #expect(follower.pendingDeliveries().map(\.sequence) == [1, 2, 3])
    }

    @Test func aFollowerLeavesTheWritersTemporaryFilesAlone() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        _ = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        try files.replaceAtomically("/o/notices/0000000000000001.json.tmp.keep", with: [1, 2, 3])
        try files.rename("/o/notices/0000000000000001.json.tmp.keep", to: "/o/notices/0000000000000001.json.tmp")
        _ = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock, follower: true)
        #expect(files.exists("/o/notices/0000000000000001.json.tmp"), "an in-flight write of the unit")
        _ = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        #expect(!files.exists("/o/notices/0000000000000001.json.tmp"), "the writer clears leftovers of a crash")
    }

    @Test func aFollowerOfAMissingOutboxFailsNamingItAndCreatesNothing() throws {
        let files = FaultInjectingFileSystem()
        #expect(throws: OutboxError.missing(directory: "/nowhere/outbox")) {
            try NoticeOutbox(directory: "/nowhere/outbox", receivers: [], fileSystem: files, clock: ManualWallClock(), follower: true)
        }
        #expect(!files.exists("/nowhere"))
        #expect(OutboxError.missing(directory: "/nowhere/outbox").description == "notice outbox: /nowhere/outbox does not exist")

        try files.makeDirectories("/o")
        #expect(throws: OutboxError.missing(directory: "/o/notices"), "a directory that is not an outbox") {
            try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: ManualWallClock(), follower: true)
        }
        #expect(try files.listDirectory("/o").isEmpty)
    }

    @Test func deliveryRecordsAreReadBackInCommitOrder() throws {
        let files = FaultInjectingFileSystem()
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad", "rms"], fileSystem: files, clock: ManualWallClock())
        for i in 1...2 { try outbox.commit(sampleNotice(id: "n-\(i)")) }
        for var record in outbox.pendingDeliveries().reversed() {
            record.state = record.receiver == "cad" ? .delivered : .expired
            try outbox.record(record)
        }
        let follower = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: ManualWallClock(), follower: true)
        let records = try follower.deliveryRecords()
        #expect(records.map(\.sequence) == [1, 1, 2, 2])
        #expect(records.map(\.receiver) == ["cad", "rms", "cad", "rms"])
        #expect(records.map(\.state) == [.delivered, .expired, .delivered, .expired])
    }

    @Test func followingPollsOnTheClockUntilCancelled() async throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let writer = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let follower = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let stream = follower.subscribe()
        let following = Task { await follower.followExternalCommits(every: 250) }
        for _ in 0..<20_000 {
            guard clock.sleeperCount == 0 else { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        try writer.commit(sampleNotice(id: "n-1"))
        clock.advance(milliseconds: 250)
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.notice.id == "n-1")
        following.cancel()
        await following.value
    }
}

@Suite struct WebhookDispatcherTests {
    let secret = Array("0123456789abcdef-secret".utf8)

    func makeDispatcher(files: FaultInjectingFileSystem, clock: ManualWallClock, transport: ScriptedTransport, maximumAge: Int64 = 60_000) throws -> (NoticeOutbox, WebhookDispatcher) {
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        let receiver = try WebhookReceiver(name: "cad", url: "https://cad.example/hook", secret: secret, maximumAgeMillis: maximumAge)
        let dispatcher = WebhookDispatcher(
            outbox: outbox, receivers: [receiver], transport: transport, clock: clock, pool: .forTests,
            jitter: FixedJitter(value: 0.5), backoff: RetryBackoff(initialMillis: 100, maximumMillis: 10_000))
        return (outbox, dispatcher)
    }

    @Test func postsASignedNoticeWithAnIdempotencyKey() async throws {
        let transport = ScriptedTransport()
        let clock = ManualWallClock()
        let (outbox, dispatcher) = try makeDispatcher(files: FaultInjectingFileSystem(), clock: clock, transport: transport)
        try outbox.commit(sampleNotice(id: "n-42"))
        #expect(await dispatcher.attemptDue() == 1)

        let request = try #require(transport.requests.first)
        #expect(request.url == "https://cad.example/hook")
        #expect(request.headers["Idempotency-Key"] == "n-42")
        #expect(request.headers["Content-Type"] == "application/json")
        let signature = try #require(request.headers["X-Milepost-Signature"])
        #expect(WebhookSignature.verify(header: signature, body: request.body, secret: secret, now: clock.now().millisecondsSinceEpoch / 1000))
        let sent = try JSONDecoder().decode(StoredNotice.self, from: Data(request.body))
        #expect(sent.notice.id == "n-42")
        #expect(sent.notice.banner == HitNotice.banner)
        #expect(outbox.pendingDeliveries().isEmpty)
    }

    @Test func retriesWithBackoffAndRecordsEveryAttempt() async throws {
        let transport = ScriptedTransport(answers: [.refused, .status(503), .status(500)])
        let clock = ManualWallClock()
        let files = FaultInjectingFileSystem()
        let (outbox, dispatcher) = try makeDispatcher(files: files, clock: clock, transport: transport)
        try outbox.commit(sampleNotice())

        #expect(await dispatcher.attemptDue() == 1)  // refused; next in 75 ms (jitter 0.5 of 50...100)
        clock.advance(milliseconds: 74)
        #expect(await dispatcher.attemptDue() == 0)
        clock.advance(milliseconds: 1)
        #expect(await dispatcher.attemptDue() == 1)  // 503; next in 150 ms
        clock.advance(milliseconds: 150)
        #expect(await dispatcher.attemptDue() == 1)  // 500; next in 300 ms
        clock.advance(milliseconds: 299)
        #expect(await dispatcher.attemptDue() == 0)
        clock.advance(milliseconds: 1)
        #expect(await dispatcher.attemptDue() == 1)  // 200
        #expect(outbox.pendingDeliveries().isEmpty)
        #expect(transport.requests.map { $0.headers["X-Milepost-Attempt"] } == ["1", "2", "3", "4"])
        #expect(Set(transport.requests.map { $0.headers["Idempotency-Key"] }).count == 1)

        let record = try JSONDecoder().decode(DeliveryRecord.self, from: Data(files.readWholeFile("/o/deliveries/0000000000000001-cad.json")))
        #expect(record.state == .delivered)
        #expect(record.attempts.map(\.httpStatus) == [nil, 503, 500, 200])
        #expect(record.attempts.map(\.succeeded) == [false, false, false, true])
        #expect(record.attempts[0].error?.isEmpty == false)
    }

    @Test func givesUpAfterTheMaximumAgeAndRecordsWhy() async throws {
        let transport = ScriptedTransport(fallback: .status(503))
        let clock = ManualWallClock()
        let (outbox, dispatcher) = try makeDispatcher(files: FaultInjectingFileSystem(), clock: clock, transport: transport, maximumAge: 1_000)
        try outbox.commit(sampleNotice())
        await dispatcher.attemptDue()
        clock.advance(milliseconds: 1_001)
        await dispatcher.attemptDue()
        #expect(outbox.pendingDeliveries().isEmpty)
        #expect(transport.requests.count == 1, "no POST for an expired notice")
    }

    @Test func undeliveredNoticesAreDeliveredAfterACrash() async throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let down = ScriptedTransport(fallback: .refused)
        let (outbox, dispatcher) = try makeDispatcher(files: files, clock: clock, transport: down)
        for i in 1...3 { try outbox.commit(sampleNotice(id: "n-\(i)")) }
        await dispatcher.attemptDue()
        files.powerCut()

        let up = ScriptedTransport()
        let (_, restarted) = try makeDispatcher(files: files, clock: clock, transport: up)
        clock.advance(milliseconds: 1_000)
        #expect(await restarted.attemptDue() == 3)
        // At-least-once delivery promises every pending notice once, not an order: retries
        // are due at jittered times.
        #expect(up.requests.compactMap { $0.headers["Idempotency-Key"] }.sorted() == ["n-1", "n-2", "n-3"])
    }

    @Test func theRunLoopDeliversANoticeAsSoonAsItIsCommitted() async throws {
        let transport = ScriptedTransport()
        let clock = ManualWallClock()
        let (outbox, dispatcher) = try makeDispatcher(files: FaultInjectingFileSystem(), clock: clock, transport: transport)
        let delivered = outbox.subscribe()
        let running = Task { await dispatcher.run() }
        defer { running.cancel() }
        // Wait until the loop is idle, sleeping on the virtual clock.
        for _ in 0..<20_000 {
            guard clock.sleeperCount == 0 else { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        try outbox.commit(sampleNotice(id: "n-7"))
        var iterator = delivered.makeAsyncIterator()
        _ = await iterator.next()
        for _ in 0..<20_000 {
            guard !outbox.pendingDeliveries().isEmpty else { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        #expect(transport.requests.map { $0.headers["Idempotency-Key"] } == ["n-7"])
        #expect(clock.now().millisecondsSinceEpoch == ManualWallClock().now().millisecondsSinceEpoch, "no virtual time had to pass")
    }
}
