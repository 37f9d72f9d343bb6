import Logging
import MilepostCore
import PostgresNIO

/// One UTC day's partition of `reads`: `reads_pYYYYMMDD`, holding the reads captured from that
/// midnight to the next.
public struct DayPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var day: Int64

    public init(day: Int64) { self.day = day }

    public init(containing time: UTCTime) {
        let (days, remainder) = time.millisecondsSinceEpoch.quotientAndRemainder(dividingBy: UTCTime.millisecondsPerDay)
        day = remainder < 0 ? days - 1 : days
    }

    /// Parses `reads_pYYYYMMDD`; nil for any other name.
    public init?(tableName: String) {
        guard tableName.hasPrefix("reads_p"), tableName.count == 15 else { return nil }
        let digits = tableName.dropFirst(7)
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let start = UTCTime(calendarDate: digits) else { return nil }
        self.init(containing: start)
    }

    public var start: UTCTime { UTCTime(millisecondsSinceEpoch: day * UTCTime.millisecondsPerDay) }
    /// The next midnight: the first instant not in this partition.
    public var end: UTCTime { UTCTime(millisecondsSinceEpoch: (day + 1) * UTCTime.millisecondsPerDay) }
    /// `YYYY-MM-DD`.
    public var date: String { start.calendarDate }
    public var tableName: String { "reads_p" + date.filter { $0 != "-" } }
    public var description: String { tableName }

    public static func < (a: DayPartition, b: DayPartition) -> Bool { a.day < b.day }
}

/// The day partitions of `reads`: created on demand for the days a batch needs, listed and
/// dropped by retention. Remembers the partitions it has seen, so that a batch for a known day
/// costs no catalogue query.
public final class ReadPartitions: Sendable {
    let database: ServerDatabase
    private let known = Locked(Set<DayPartition>())

    public init(database: ServerDatabase) { self.database = database }

    /// Creates the partitions of `days` that do not exist yet, in one short transaction of their
    /// own (so the batch's own transaction never waits on DDL for long), one creator at a time.
    public func ensure(_ days: Set<DayPartition>) async throws {
        let missing = known.withLock { days.subtracting($0) }
        guard !missing.isEmpty else { return }
        let logger = database.logger
        try await database.client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.creationLock))", logger: logger)
            for partition in missing.sorted() {
                // Names and bounds come from the day number alone, never from request text.
                try await connection.query(PostgresQuery(unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS \(partition.tableName) PARTITION OF reads
                    FOR VALUES FROM ('\(partition.start.format(fractionDigits: 0))') TO ('\(partition.end.format(fractionDigits: 0))')
                    """), logger: logger)
            }
        }
        known.withLock { $0.formUnion(missing) }
    }

    /// Forgets what it has seen (a partition dropped elsewhere), so the next batch checks again.
    public func forget(_ partition: DayPartition? = nil) {
        known.withLock { known in
            if let partition { known.remove(partition) } else { known.removeAll() }
        }
    }

    static let creationLock: Int64 = 0x7061_7274_6974_696F  // "partitio"

    /// Every day partition of `reads`, oldest first.
    public func list() async throws -> [DayPartition] {
        let rows = try await database.client.query("""
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'reads'::regclass
            """, logger: database.logger)
        var partitions: [DayPartition] = []
        for try await name in rows.decode(String.self) {
            if let partition = DayPartition(tableName: name) { partitions.append(partition) }
        }
        return partitions.sorted()
    }
}
