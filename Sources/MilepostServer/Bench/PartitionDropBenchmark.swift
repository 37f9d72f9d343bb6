import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import PostgresNIO

/// Fills one day partition, long past retention, with a day of reads through the ingest path
/// (`IngestBenchmark`), then times the retention pass that drops it with its audit entry, as
/// the server's midnight pass does. The day is the first one without a partition from 400
/// days back, so the pass drops this partition and any other expired one the database holds.
public struct PartitionDropBenchmark: Sendable {
    public var units: Int
    public var readsPerUnit: Int
    public var cropBytes: Int

    /// A unit's reads are captured a second apart from midnight, so a day holds this many at most.
    public static let maximumReadsPerUnit = 86_400

    public init(units: Int, readsPerUnit: Int, cropBytes: Int) {
        precondition(readsPerUnit <= Self.maximumReadsPerUnit, "\(readsPerUnit) reads a second apart do not fit in one day")
        self.units = units
        self.readsPerUnit = readsPerUnit
        self.cropBytes = cropBytes
    }

    public struct Result: Sendable {
        public var partition: DayPartition
        /// The partition's size on disk with its index and TOAST (the crops), before the drop.
        public var bytes: Int64
        public var fillSeconds: Double
        public var dropSeconds: Double
        public var drops: [PartitionRetention.Drop]
    }

    public func run(parts: DepartmentServer.Parts, audit: any AuditRecorder, pool: BlockingPool, clock: any WallClock,
                    logger: Logger) async throws -> Result {
        let existing = Set(try await parts.partitions.list())
        var partition = DayPartition(containing: clock.now().adding(milliseconds: -400 * UTCTime.millisecondsPerDay))
        while existing.contains(partition) { partition.day -= 1 }

        let fill = IngestBenchmark(units: units, readsPerUnit: readsPerUnit, batchSize: 200, cropBytes: cropBytes, firstCapture: partition.start)
        let filled = try await fill.run(parts: parts, logger: logger)
        var bytes: Int64 = 0
        let rows = try await parts.database.client.query(
            PostgresQuery(unsafeSQL: "SELECT pg_total_relation_size('\(partition.tableName)')"), logger: logger)
        for try await size in rows.decode(Int64.self) { bytes = size }

        let retention = PartitionRetention(database: parts.database, partitions: parts.partitions, audit: audit,
                                           retentionDays: ServerConfig.maximumRetentionDays, clock: clock, pool: pool)
        let started = ContinuousClock.now
        let drops = try await retention.pass()
        let dropSeconds = (ContinuousClock.now - started).benchmarkSeconds
        return Result(partition: partition, bytes: bytes, fillSeconds: filled.seconds, dropSeconds: dropSeconds, drops: drops)
    }
}
