import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import PostgresNIO

/// Audits unit key registrations. `milepost-server units register` runs beside the server,
/// which holds the audit log, so it only writes the key row with `audited_at` null; the
/// server then writes `unit-key.registered` for each such row and marks it, one row per
/// transaction with the entry written before COMMIT. That is at least once: a crash between
/// the two writes the entry again at the next pass, never loses it.
public struct KeyRegistrationAudit: Sendable {
    public let database: ServerDatabase
    public let audit: any AuditRecorder
    public let pool: BlockingPool

    public init(database: ServerDatabase, audit: any AuditRecorder, pool: BlockingPool) {
        self.database = database
        self.audit = audit
        self.pool = pool
    }

    /// Audits every registration not yet audited; returns how many.
    @discardableResult
    public func pass() async throws -> Int {
        var audited = 0
        while try await auditOne() { audited += 1 }
        return audited
    }

    private func auditOne() async throws -> Bool {
        let logger = database.logger
        let (audit, pool) = (audit, pool)
        return try await database.client.withTransaction(logger: logger) { connection -> Bool in
            let rows = try await connection.query("""
                SELECT key_id, unit_id, organisation, registered_by, (extract(epoch FROM registered_at) * 1000)::bigint
                FROM unit_keys WHERE audited_at IS NULL ORDER BY registered_at, key_id LIMIT 1 FOR UPDATE SKIP LOCKED
                """, logger: logger)
            var pending: (keyID: String, unit: String, organisation: String, registeredBy: String, registeredAt: Int64)?
            for try await row in rows.decode((String, String, String, String, Int64).self) { pending = row }
            guard let pending else { return false }
            let event = AuditEvent(
                type: "unit-key.registered", actor: AuditActor(id: pending.registeredBy, organisation: ""), source: "local",
                object: "unit key \(pending.keyID) of unit \(pending.unit)",
                outcome: .recorded(detail: "registered \(UTCTime(millisecondsSinceEpoch: pending.registeredAt))"
                    + (pending.organisation.isEmpty ? "" : " for \(pending.organisation)")))
            _ = try await pool.run { try audit.record(event) }
            try await connection.query("UPDATE unit_keys SET audited_at = now() WHERE key_id = \(pending.keyID)", logger: logger)
            return true
        }
    }
}
