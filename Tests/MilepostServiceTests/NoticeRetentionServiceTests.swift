import Logging
import MilepostCore
import MilepostHotlist
import MilepostTesting
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct NoticeRetentionServiceTests {
    @Test func noticesOlderThanTheRetentionPeriodAreDeletedOnTheNoticesQueue() async throws {
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: 1_795_000_000_000))
        let queue = SerialLane(label: "test.notices", pool: .forTests)
        let files = QueueCheckingFileSystem(queue: queue)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let retention = NoticeRetentionService(outbox: outbox, clock: clock, retentionDays: 30, queue: queue, logger: Logger(label: "test"))
        try outbox.commit(makeNotice("old"))
        clock.advance(milliseconds: 20 * 86_400_000)
        try outbox.commit(makeNotice("recent"))
        try outbox.commit(makeNotice("newest"))
        files.forget()
        await retention.pruneOnce()
        #expect(try outbox.notices(after: 0).map(\.notice.id) == ["old", "recent", "newest"], "all within 30 days")
        clock.advance(milliseconds: 11 * 86_400_000)
        files.forget()
        await retention.pruneOnce()
        #expect(files.operations.contains { $0.name == "remove" }, "the old notice's file was removed")
        #expect(files.offQueue.isEmpty, "every file operation of the pass ran on the notices queue: \(files.offQueue)")
        #expect(try outbox.notices(after: 0).map(\.notice.id) == ["recent", "newest"])
    }
}
