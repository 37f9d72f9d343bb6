import Foundation
import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import PostgresNIO

/// Evidence holds (docs/server.md "Evidence holds"): a supervisor keeps the reads of a case
/// past retention. Placing a hold copies the reads it covers from `reads` into `held_reads`,
/// which retention never touches; releasing it deletes those copies. Each placement and release
/// is written to the server's audit log inside the transaction that makes it, before COMMIT,
/// so no hold exists, and none ends, unaudited.
public struct EvidenceHolds: Sendable {
    public let database: ServerDatabase
    public let audit: any AuditRecorder
    public let clock: any WallClock
    public let pool: BlockingPool

    public init(database: ServerDatabase, audit: any AuditRecorder, clock: any WallClock, pool: BlockingPool) {
        self.database = database
        self.audit = audit
        self.clock = clock
        self.pool = pool
    }

    /// Places a hold and returns it with the number of reads it keeps.
    public func place(_ request: EvidenceHoldRequest, by supervisor: AuditActor, source: String) async throws -> EvidenceHold {
        let checked: EvidenceHoldRequest
        do { checked = try request.validated() } catch {
            try await record(AuditEvent(type: "hold.refused", actor: supervisor, source: source, object: "evidence hold",
                                        caseNumber: request.caseNumber, outcome: .denied(reason: error.description)))
            throw error
        }
        let now = clock.now()
        var hold = EvidenceHold(id: UUID(), caseNumber: checked.caseNumber, reason: checked.reason, unit: checked.unit, plate: checked.plate,
                                from: checked.from, to: checked.to, reads: 0, placedBy: supervisor.id, placedAt: now)
        let logger = database.logger
        hold.reads = try await database.client.withTransaction(logger: logger) { [hold] connection -> Int64 in
            let (from, to, placed) = (hold.from.millisecondsSinceEpoch, hold.to.millisecondsSinceEpoch, now.millisecondsSinceEpoch)
            try await connection.query("""
                INSERT INTO evidence_holds (hold_id, case_number, reason, unit_id, plate, captured_from, captured_to, placed_by, placed_at)
                VALUES (\(hold.id), \(hold.caseNumber), \(hold.reason), \(hold.unit), \(hold.plate),
                        timestamptz 'epoch' + \(from) * interval '1 millisecond', timestamptz 'epoch' + \(to) * interval '1 millisecond',
                        \(hold.placedBy), timestamptz 'epoch' + \(placed) * interval '1 millisecond')
                """, logger: logger)
            var copied: Int64 = 0
            for try await _ in try await connection.query("""
                INSERT INTO held_reads
                SELECT \(hold.id), r.* FROM reads r
                WHERE r.captured_at >= timestamptz 'epoch' + \(from) * interval '1 millisecond'
                  AND r.captured_at < timestamptz 'epoch' + \(to) * interval '1 millisecond'
                  AND (\(hold.unit)::text IS NULL OR r.unit_id = \(hold.unit))
                  AND (\(hold.plate)::text IS NULL OR r.plate = \(hold.plate))
                RETURNING seq
                """, logger: logger) {
                copied += 1
            }
            try await connection.query("UPDATE evidence_holds SET reads = \(copied) WHERE hold_id = \(hold.id)", logger: logger)
            try await record(AuditEvent(type: "hold.placed", actor: supervisor, source: source, object: "evidence hold \(hold.id) \(hold.scopeDescription)",
                                        purpose: hold.reason, caseNumber: hold.caseNumber,
                                        outcome: .allowed(resultCount: Int(copied))))
            return copied
        }
        logger.notice("evidence hold placed", metadata: ["hold": "\(hold.id)", "case": "\(hold.caseNumber)", "reads": "\(hold.reads)"])
        return hold
    }

    /// Releases a hold: its copies are deleted, and the reads go with their day's partition
    /// (or are already gone).
    public func release(_ id: UUID, by supervisor: AuditActor, source: String) async throws -> EvidenceHold {
        let now = clock.now()
        let logger = database.logger
        do {
            return try await database.client.withTransaction(logger: logger) { connection -> EvidenceHold in
                guard var hold = try await Self.hold(id, forUpdate: true, on: connection, logger: logger) else { throw EvidenceHoldError.unknownHold(id.uuidString) }
                if hold.releasedAt != nil { throw EvidenceHoldError.alreadyReleased(id.uuidString) }
                try await connection.query("DELETE FROM held_reads WHERE hold_id = \(id)", logger: logger)
                try await connection.query("""
                    UPDATE evidence_holds SET released_by = \(supervisor.id),
                           released_at = timestamptz 'epoch' + \(now.millisecondsSinceEpoch) * interval '1 millisecond'
                    WHERE hold_id = \(id)
                    """, logger: logger)
                hold.releasedBy = supervisor.id
                hold.releasedAt = now
                try await record(AuditEvent(type: "hold.released", actor: supervisor, source: source, object: "evidence hold \(id) \(hold.scopeDescription)",
                                            caseNumber: hold.caseNumber, outcome: .recorded(detail: "\(hold.reads) held reads deleted")))
                return hold
            }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError as? EvidenceHoldError {
                try await record(AuditEvent(type: "hold.refused", actor: supervisor, source: source, object: "release of evidence hold \(id)",
                                            outcome: .denied(reason: refusal.description)))
                throw refusal
            }
            throw error
        }
    }

    /// Every hold, newest first.
    public func list() async throws -> [EvidenceHold] {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            var holds: [EvidenceHold] = []
            for try await row in try await connection.query("SELECT \(unescaped: Self.columns) FROM evidence_holds ORDER BY placed_at DESC, hold_id", logger: logger) {
                holds.append(try Self.decode(row))
            }
            return holds
        }
    }

    /// How many copies a hold keeps in `held_reads` now.
    public func heldReads(_ id: UUID) async throws -> Int64 {
        var count: Int64 = 0
        for try await value in try await database.client.query("SELECT count(*) FROM held_reads WHERE hold_id = \(id)", logger: database.logger).decode(Int64.self) {
            count = value
        }
        return count
    }

    private func record(_ event: AuditEvent) async throws {
        let audit = audit
        _ = try await pool.run { try audit.record(event) }
    }

    static let columns = """
        hold_id, case_number, reason, unit_id, plate, (extract(epoch FROM captured_from) * 1000)::bigint, (extract(epoch FROM captured_to) * 1000)::bigint,
        reads, placed_by, (extract(epoch FROM placed_at) * 1000)::bigint, released_by, (extract(epoch FROM released_at) * 1000)::bigint
        """

    static func hold(_ id: UUID, forUpdate: Bool, on connection: PostgresConnection, logger: Logger) async throws -> EvidenceHold? {
        let lock = forUpdate ? " FOR UPDATE" : ""
        var found: EvidenceHold?
        for try await row in try await connection.query("SELECT \(unescaped: columns) FROM evidence_holds WHERE hold_id = \(id)\(unescaped: lock)", logger: logger) {
            found = try decode(row)
        }
        return found
    }

    static func decode(_ row: PostgresRow) throws -> EvidenceHold {
        let (id, caseNumber, reason, unit, plate, from, to, reads, placedBy, placedAt, releasedBy, releasedAt) =
            try row.decode((UUID, String, String, String?, String?, Int64, Int64, Int64, String, Int64, String?, Int64?).self)
        return EvidenceHold(id: id, caseNumber: caseNumber, reason: reason, unit: unit, plate: plate,
                            from: UTCTime(millisecondsSinceEpoch: from), to: UTCTime(millisecondsSinceEpoch: to), reads: reads,
                            placedBy: placedBy, placedAt: UTCTime(millisecondsSinceEpoch: placedAt), releasedBy: releasedBy,
                            releasedAt: releasedAt.map(UTCTime.init(millisecondsSinceEpoch:)))
    }
}
