import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import PostgresNIO

/// Evidence holds (docs/server.md, "Evidence holds"): a supervisor's hold copies the reads it
/// selects, crops included, into `held_reads`, which retention never touches, so they outlive
/// their day partition. The hold, the copy and its audit entry `hold.placed` share one
/// transaction: the entry is written (fsynced) before COMMIT, so no hold goes unaudited.
public struct EvidenceHolds: Sendable {
    public let database: ServerDatabase
    public let audit: any AuditRecorder
    public let pool: BlockingPool
    public let clock: any WallClock

    public init(database: ServerDatabase, audit: any AuditRecorder, pool: BlockingPool, clock: any WallClock) {
        self.database = database
        self.audit = audit
        self.pool = pool
        self.clock = clock
    }

    /// Which stored reads a hold keeps.
    public enum Selection: Sendable, Equatable, CustomStringConvertible {
        /// A unit's reads with sequences in the range.
        case sequences(unit: UnitID, ClosedRange<Int64>)
        /// The reads of one plate captured in the range (inclusive), from every unit.
        case plate(PlateText, from: UTCTime, to: UTCTime)

        public var description: String {
            switch self {
            case .sequences(let unit, let range): return "\(unit) seq \(range.lowerBound)...\(range.upperBound)"
            case .plate(let plate, let from, let to): return "plate \(plate) captured \(from) to \(to)"
            }
        }
    }

    public struct Hold: Sendable, Equatable {
        public var id: Int64
        public var reads: Int
    }

    static let columns = "unit_id, seq, captured_at, read_id, camera_id, plate, state, confidence, alternatives, box_x, box_y, box_width, box_height, "
        + "authorization_id, crop, context, received_at"

    /// Places the hold and copies the reads it selects; returns its id and how many reads it keeps.
    public func place(_ selection: Selection, caseNumber: String, reason: String, by actor: AuditActor, source: String) async throws -> Hold {
        let logger = database.logger
        let (audit, pool, now) = (audit, pool, clock.now())
        return try await database.client.withTransaction(logger: logger) { connection in
            var id: Int64 = 0
            for try await value in try await connection.query("""
                INSERT INTO evidence_holds (case_number, reason, selection, placed_by, placed_at)
                VALUES (\(caseNumber), \(reason), \(selection.description), \(actor.id), timestamptz 'epoch' + \(now.millisecondsSinceEpoch) * interval '1 millisecond')
                RETURNING hold_id
                """, logger: logger).decode(Int64.self) {
                id = value
            }
            var reads = 0
            for try await _ in try await connection.query(Self.copy(selection, into: id), logger: logger) { reads += 1 }
            let event = AuditEvent(type: "hold.placed", actor: actor, source: source, object: "hold \(id): \(selection)", purpose: reason,
                                   caseNumber: caseNumber, outcome: .recorded(detail: "\(reads) reads copied to held_reads, kept apart from retention"))
            _ = try await pool.run { try audit.record(event) }
            return Hold(id: id, reads: reads)
        }
    }

    static func copy(_ selection: Selection, into hold: Int64) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(hold)
        let condition: String
        switch selection {
        case .sequences(let unit, let range):
            condition = "unit_id = $2 AND seq >= $3 AND seq <= $4"
            binds.append(unit.rawValue)
            binds.append(range.lowerBound)
            binds.append(range.upperBound)
        case .plate(let plate, let from, let to):
            condition = "plate = $2 AND captured_at >= timestamptz 'epoch' + $3::bigint * interval '1 millisecond'"
                + " AND captured_at <= timestamptz 'epoch' + $4::bigint * interval '1 millisecond'"
            binds.append(plate.description)
            binds.append(from.millisecondsSinceEpoch)
            binds.append(to.millisecondsSinceEpoch)
        }
        return PostgresQuery(unsafeSQL: "INSERT INTO held_reads (hold_id, \(columns)) SELECT $1, \(columns) FROM reads WHERE \(condition) RETURNING seq",
                             binds: binds)
    }

    /// How many reads each hold keeps, by hold id.
    public func heldReads() async throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for try await (hold, count) in try await database.client.query(
            "SELECT hold_id, count(*)::bigint FROM held_reads GROUP BY hold_id", logger: database.logger).decode((Int64, Int64).self) {
            counts[hold] = Int(count)
        }
        return counts
    }
}
