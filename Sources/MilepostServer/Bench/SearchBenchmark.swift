import Foundation
import MilepostCore
import PostgresNIO

/// Latency of the searches a permitted request runs (`ReadSearchSQL`, every row decoded and
/// formatted as a JSON line, as `POST /api/search` streams it) over the reads
/// `SearchBenchmarkData` stored: exact plates, and patterns of a plate's first two and last two
/// characters (`AB*12`), each over every unit and the whole period. The gate's signature check
/// and HTTP are not in the figure.
public struct SearchBenchmark: Sendable {
    public var data: SearchBenchmarkData
    public var searches: Int

    public init(data: SearchBenchmarkData, searches: Int) {
        self.data = data
        self.searches = searches
    }

    public struct Latencies: Sendable {
        public var milliseconds: [Double]
        public var rows: Int
        public var bytes: Int

        public func percentile(_ p: Double) -> Double {
            let sorted = milliseconds.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }

        public var summary: String {
            String(format: "%d searches, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.1f rows (%.1f KB of JSON lines) a search",
                   milliseconds.count, percentile(0.5), percentile(0.99), milliseconds.max() ?? 0,
                   Double(rows) / Double(max(1, milliseconds.count)), Double(bytes) / 1024 / Double(max(1, milliseconds.count)))
        }
    }

    public func run(_ parts: DepartmentServer.Parts) async throws -> (exact: Latencies, wildcard: Latencies) {
        let plates = try await data.samplePlates(parts, count: searches)
        let units = try (0..<data.units).map { try UnitID("bench-" + String(repeating: "0", count: max(0, 3 - "\($0)".count)) + "\($0)") }
        var exact = Latencies(milliseconds: [], rows: 0, bytes: 0)
        var wildcard = Latencies(milliseconds: [], rows: 0, bytes: 0)
        for plate in plates {
            let pattern = String(plate.prefix(2)) + "*" + String(plate.suffix(2))
            for (text, isExact) in [(plate, true), (pattern, false)] {
                let sql = ReadSearchSQL(units: units, plate: try PlatePattern(text), from: data.start, to: data.end)
                let (milliseconds, rows, bytes) = try await timed(sql, parts)
                if isExact {
                    exact.milliseconds.append(milliseconds)
                    exact.rows += rows
                    exact.bytes += bytes
                } else {
                    wildcard.milliseconds.append(milliseconds)
                    wildcard.rows += rows
                    wildcard.bytes += bytes
                }
            }
        }
        return (exact, wildcard)
    }

    private func timed(_ sql: ReadSearchSQL, _ parts: DepartmentServer.Parts) async throws -> (Double, Int, Int) {
        let started = ContinuousClock.now
        var rows = 0
        var bytes = 0
        let results = try await parts.database.client.query(sql.query, logger: parts.database.logger)
        for try await (unit, seq, time, plate, state, confidence, camera, authorization, readID)
            in results.decode((String, Int64, Int64, String, String?, Int32, String, String, String).self) {
            let read = ServerFoundRead(unit: unit, seq: seq, capturedAt: UTCTime(millisecondsSinceEpoch: time), plate: plate, state: state,
                                       confidence: Int(confidence), camera: camera, authorization: authorization, readID: readID)
            bytes += try SearchResultFormat.jsonl.line(read).utf8.count
            rows += 1
        }
        let elapsed = ContinuousClock.now - started
        return (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15, rows, bytes)
    }
}
