import Foundation
import MilepostCore
import MilepostIngest
import MilepostPolicy
import MilepostServer
import MilepostSystem
import MilepostTesting
import Testing

@Suite struct DayPartitionTests {
    @Test func aPartitionIsNamedForItsUTCDayAndHoldsMidnightToMidnight() throws {
        let partition = DayPartition(containing: try #require(UTCTime(rfc3339: "2026-11-18T23:59:59.999Z")))
        #expect(partition.tableName == "reads_p20261118")
        #expect(partition.start == UTCTime(rfc3339: "2026-11-18T00:00:00Z"))
        #expect(partition.end == UTCTime(rfc3339: "2026-11-19T00:00:00Z"))
        #expect(DayPartition(tableName: "reads_p20261118") == partition)
        #expect(DayPartition(tableName: "reads_p2026111") == nil)
        #expect(DayPartition(tableName: "reads_p2026x118") == nil)
        #expect(DayPartition(tableName: "other_p20261118") == nil)
    }
}

extension PostgresBackedTests {
    @Suite struct Retention {
        let unit = SimulatedUnit("unit-7")

        @Test func partitionsPast365DaysAreDroppedAndEachDropIsAudited() async throws {
            let directory = try TemporaryDirectory("server-retention")
            defer { directory.remove() }
            let unit = unit
            try await TestPostgres.withDatabase { database in
                let clock = ManualWallClock()  // 2026-11-18T08:26:40Z
                let parts = DepartmentServer.Parts(database: database, clock: clock)
                // Reads of 2026-11-18 (seq 1) and 2026-11-19 (seq 2).
                _ = try await parts.ingestor.store(try unit.batch(1...2, spacing: 43_200_000))
                let audit = try ServerAuditLog.open(directory: directory.path, clock: clock)
                let retention = PartitionRetention(database: database, partitions: parts.partitions, audit: audit, retentionDays: 365,
                                                   clock: clock, pool: .forTests)

                // 365 days after the last instant of the 18th, less a millisecond: nothing is due.
                clock.set(try #require(UTCTime(rfc3339: "2027-11-18T23:59:59.999Z")))
                #expect(try await retention.pass().isEmpty)
                clock.set(try #require(UTCTime(rfc3339: "2027-11-19T00:00:00Z")))
                let drops = try await retention.pass()
                #expect(drops == [PartitionRetention.Drop(partition: DayPartition(tableName: "reads_p20261118")!, reads: 1)])
                #expect(try await parts.partitions.list().map(\.tableName) == ["reads_p20261119"])
                #expect(try await TestPostgres.count("SELECT count(*) FROM reads", in: database) == 1)

                let entries = try audit.wholeEntries().filter { $0.event == "retention.partition-dropped" }
                #expect(entries.map(\.object) == ["reads_p20261118"])
                #expect(entries.first?.outcome == .recorded(detail: "1 reads captured 2026-11-18 (UTC) dropped: past the 365-day retention at 2027-11-19T00:00:00Z"))

                // A late read of the dropped day makes its partition again (it goes at the next pass).
                let late = try await parts.ingestor.store(try unit.batch(3...3, from: try #require(UTCTime(rfc3339: "2026-11-18T12:00:00Z")), spacing: 0))
                #expect(late.newlyStored == 1)
            }
        }

        @Test func theServiceDropsAtMidnightOnItsClock() async throws {
            let directory = try TemporaryDirectory("server-retention-service")
            defer { directory.remove() }
            let unit = unit
            try await TestPostgres.withDatabase { database in
                let clock = ManualWallClock()
                let parts = DepartmentServer.Parts(database: database, clock: clock)
                _ = try await parts.ingestor.store(try unit.batch(1...1))
                let audit = try ServerAuditLog.open(directory: directory.path, clock: clock)
                let retention = PartitionRetention(database: database, partitions: parts.partitions, audit: audit, retentionDays: 30,
                                                   clock: clock, pool: .forTests)
                let service = PartitionRetentionService(retention: retention, logger: TestPostgres.logger)
                let running = Task { try await service.run() }
                defer { running.cancel() }
                // 30 days on, at midnight starting 2026-12-19, the 2026-11-18 partition is due.
                try await Self.waitUntil { clock.sleeperCount == 1 }
                clock.advance(to: try #require(UTCTime(rfc3339: "2026-12-19T00:00:00Z")))
                try await Self.waitUntil { (try? audit.wholeEntries().contains { $0.event == "retention.partition-dropped" }) == true }
                #expect(try await parts.partitions.list().isEmpty)
            }
        }

        static func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
            for _ in 0..<500 {
                if await condition() { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("condition not met within 10 s")
        }
    }
}

extension PostgresBackedTests {
    @Suite struct NoticeRetentionOnTheServer {
        @Test func noticesAndTheirDispositionsGoWhenTheirReadIsPastRetentionAndTheDeletionIsAudited() async throws {
            let directory = try TemporaryDirectory("server-notice-retention")
            defer { directory.remove() }
            let unit = SimulatedUnit("unit-7")
            try await TestPostgres.withDatabase { database in
                let clock = ManualWallClock()
                let parts = DepartmentServer.Parts(database: database, clock: clock)
                // Captured 2026-11-18T08:26:40Z.
                let stored = try await parts.notices.store(try unit.notice("n-1").notice, unitSequence: 1, committedAtMillis: 1_795_000_000_500,
                                                           receivedAtMillis: 1_795_000_001_000)
                _ = try await parts.notices.recordDisposition(.confirmedHit, of: stored.notice, officer: "badge-311", organisation: "Leicester PD",
                                                              note: "", atMillis: 1_795_000_100_000)
                let audit = try ServerAuditLog.open(directory: directory.path, clock: clock)
                let retention = NoticeRetention(database: database, audit: audit, retentionDays: 365, clock: clock, pool: .forTests)

                clock.set(UTCTime(millisecondsSinceEpoch: 1_795_000_000_000).adding(milliseconds: 365 * UTCTime.millisecondsPerDay))
                #expect(try await retention.pass() == 0)
                clock.advance(milliseconds: 1)
                #expect(try await retention.pass() == 1)
                #expect(try await TestPostgres.count("SELECT count(*) FROM hit_notices", in: database) == 0)
                #expect(try await TestPostgres.count("SELECT count(*) FROM notice_dispositions", in: database) == 0)
                let entries = try audit.wholeEntries().filter { $0.event == "retention.notices-deleted" }
                #expect(entries.count == 1)
                #expect(entries.first.map { "\($0.outcome)" }?.contains("1 hit notices and 1 dispositions") == true)
            }
        }
    }
}
