import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import PostgresNIO

/// Drops whole day partitions of `reads` once every read in them is older than the retention
/// period (at most 365 days), and records each drop in the server's audit log.
///
/// A day's partition goes when its last instant is `retentionDays` old: the partition of
/// 2026-11-18 (reads up to 23:59:59.999) is dropped at the first pass on or after midnight
/// starting 2027-11-19 with 365 days. The drop and its audit entry share one transaction: the
/// entry is written (fsynced) before COMMIT, so no drop goes unaudited; if COMMIT then fails,
/// the partition is still there and the next pass drops and audits it again.
public struct PartitionRetention: Sendable {
    public let database: ServerDatabase
    public let partitions: ReadPartitions
    public let audit: any AuditRecorder
    public let retentionDays: Int
    public let clock: any WallClock
    public let pool: BlockingPool

    public init(database: ServerDatabase, partitions: ReadPartitions, audit: any AuditRecorder, retentionDays: Int,
                clock: any WallClock, pool: BlockingPool) {
        precondition((1...ServerConfig.maximumRetentionDays).contains(retentionDays), "retention \(retentionDays) days is not 1...365")
        self.database = database
        self.partitions = partitions
        self.audit = audit
        self.retentionDays = retentionDays
        self.clock = clock
        self.pool = pool
    }

    public struct Drop: Sendable, Equatable {
        public var partition: DayPartition
        public var reads: Int64

        public init(partition: DayPartition, reads: Int64) {
            self.partition = partition
            self.reads = reads
        }
    }

    /// Partitions whose reads are all past retention at `now`.
    public func expired(_ partitions: [DayPartition], at now: UTCTime) -> [DayPartition] {
        let cutoff = now.adding(milliseconds: -Int64(retentionDays) * UTCTime.millisecondsPerDay)
        return partitions.filter { $0.end <= cutoff }
    }

    /// One pass: drops every expired partition, oldest first, each audited.
    @discardableResult
    public func pass() async throws -> [Drop] {
        let now = clock.now()
        var drops: [Drop] = []
        for partition in expired(try await partitions.list(), at: now) {
            drops.append(try await drop(partition, at: now))
        }
        return drops
    }

    private func drop(_ partition: DayPartition, at now: UTCTime) async throws -> Drop {
        let logger = database.logger
        let days = retentionDays
        let audit = audit
        let pool = pool
        let reads = try await database.client.withTransaction(logger: logger) { connection -> Int64 in
            var count: Int64 = 0
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(partition.tableName)"), logger: logger)
                .decode(Int64.self) {
                count = value
            }
            try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(partition.tableName)"), logger: logger)
            let event = AuditEvent(
                type: "retention.partition-dropped", actor: AuditActor(id: "server", organisation: ""), source: "local",
                object: partition.tableName,
                outcome: .recorded(detail: "\(count) reads captured \(partition.date) (UTC) dropped: past the \(days)-day retention at \(now)"))
            _ = try await pool.run { try audit.record(event) }
            return count
        }
        partitions.forget(partition)
        logger.notice("retention dropped a day partition", metadata: ["partition": "\(partition)", "reads": "\(reads)"])
        return Drop(partition: partition, reads: reads)
    }

    /// The next UTC midnight after `time`: partitions expire only at midnights.
    public static func nextMidnight(after time: UTCTime) -> UTCTime {
        DayPartition(containing: time).end
    }
}
