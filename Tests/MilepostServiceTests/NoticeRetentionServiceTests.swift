import Logging
import MilepostHotlist
import Testing

@testable import MilepostService

@Suite struct NoticeRetentionServiceTests {
    @Test func noticesOlderThanTheRetentionPeriodAreDeleted() throws {
        let clock = ManualNoticeClock(nowMillis: 1_795_000_000_000)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: FaultInjectingFileSystem(), clock: clock)
        let retention = NoticeRetentionService(outbox: outbox, clock: clock, retentionDays: 30, logger: Logger(label: "test"))
        try outbox.commit(makeNotice("old"))
        clock.advance(byMillis: 20 * 86_400_000)
        try outbox.commit(makeNotice("recent"))
        try outbox.commit(makeNotice("newest"))
        retention.pruneOnce()
        #expect(try outbox.notices(after: 0).map(\.notice.id) == ["old", "recent", "newest"], "all within 30 days")
        clock.advance(byMillis: 11 * 86_400_000)
        retention.pruneOnce()
        #expect(try outbox.notices(after: 0).map(\.notice.id) == ["recent", "newest"])
    }
}
