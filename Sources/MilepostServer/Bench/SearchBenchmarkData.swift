import Logging
import MilepostCore
import PostgresNIO

/// Fills a scratch database with a fleet's worth of stored reads for the search benchmark,
/// inside PostgreSQL (`generate_series`), so ten million rows take minutes rather than the
/// hours the ingest route would: `units` units reading `distinctPlates` plates (three letters
/// and four digits, spread by `hashint4`), evenly over `days` UTC days ending at `end`.
/// Crops are 4-byte stand-ins: searches never read them.
public struct SearchBenchmarkData: Sendable {
    public var reads: Int
    public var units: Int
    public var days: Int
    public var distinctPlates: Int
    public var end: UTCTime

    public init(reads: Int, units: Int = 50, days: Int = 30, distinctPlates: Int = 1_000_000, end: UTCTime) {
        self.reads = reads
        self.units = units
        self.days = days
        self.distinctPlates = distinctPlates
        self.end = end
    }

    public var start: UTCTime { end.adding(milliseconds: -Int64(days) * UTCTime.millisecondsPerDay) }

    /// The plate of generated plate number `k`, the same expression the SQL uses.
    static let plateSQL = """
        chr(65 + (hashint4(k) & 2147483647) % 26) || chr(65 + (hashint4(k + 1000003) & 2147483647) % 26)
        || chr(65 + (hashint4(k + 2000003) & 2147483647) % 26) || lpad(((hashint4(k + 3000017) & 2147483647) % 10000)::text, 4, '0')
        """

    /// Inserts the reads in chunks (reporting each), then analyses the table.
    public func populate(_ parts: DepartmentServer.Parts, progress: @Sendable (Int) -> Void) async throws {
        let partitions = (0..<days).map { DayPartition(containing: start.adding(milliseconds: Int64($0) * UTCTime.millisecondsPerDay)) }
        try await parts.partitions.ensure(Set(partitions))
        let logger = parts.database.logger
        let chunk = 500_000
        let spanMilliseconds = Int64(days) * UTCTime.millisecondsPerDay
        var first = 0
        while first < reads {
            let last = min(reads, first + chunk) - 1
            let query: PostgresQuery = """
                INSERT INTO reads (unit_id, seq, captured_at, read_id, camera_id, plate, state, confidence, alternatives,
                                   box_x, box_y, box_width, box_height, authorization_id, crop, received_at)
                SELECT 'bench-' || lpad((i % \(units))::text, 3, '0'), i / \(units) + 1,
                       timestamptz 'epoch' + (\(start.millisecondsSinceEpoch) + i * \(spanMilliseconds) / \(reads)) * interval '1 millisecond',
                       gen_random_uuid(), 'cam0', \(unescaped: Self.plateSQL), 'MA', 900, '[]'::jsonb, 10, 20, 120, 40, 'bench',
                       '\\xffd8ffd9'::bytea, now()
                FROM generate_series(\(Int64(first)), \(Int64(last))) AS i, LATERAL (SELECT (i % \(Int64(distinctPlates)))::integer AS k) AS plate_number
                """
            try await parts.database.client.query(query, logger: logger)
            first = last + 1
            progress(first)
        }
        try await parts.database.client.query("ANALYZE reads", logger: logger)
    }

    /// How many reads of the benchmark's units over its period are stored (from a previous run).
    public func storedBenchmarkReads(_ parts: DepartmentServer.Parts) async throws -> Int {
        var count: Int64 = 0
        let rows = try await parts.database.client.query("""
            SELECT count(*) FROM reads WHERE unit_id LIKE 'bench-%'
              AND captured_at >= timestamptz 'epoch' + \(start.millisecondsSinceEpoch) * interval '1 millisecond'
            """, logger: parts.database.logger)
        for try await value in rows.decode(Int64.self) { count = value }
        return Int(count)
    }

    /// `count` plates that are stored, picked at random.
    public func samplePlates(_ parts: DepartmentServer.Parts, count: Int) async throws -> [String] {
        var plates: [String] = []
        let rows = try await parts.database.client.query("""
            SELECT plate FROM reads TABLESAMPLE SYSTEM (0.1)
            WHERE unit_id LIKE 'bench-%' AND captured_at >= timestamptz 'epoch' + \(start.millisecondsSinceEpoch) * interval '1 millisecond'
            ORDER BY random() LIMIT \(Int64(count))
            """, logger: parts.database.logger)
        for try await plate in rows.decode(String.self) { plates.append(plate) }
        return plates
    }
}
