import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import PostgresNIO

/// Deletes hit notices, with their dispositions, whose read was captured longer ago than the
/// retention period: a notice names a plate, a place and a time, so it is kept no longer than
/// the read it came from. Each pass that deletes anything is audited in the same transaction,
/// before COMMIT, as retention of reads is.
public struct NoticeRetention: Sendable {
    public let database: ServerDatabase
    public let audit: any AuditRecorder
    public let retentionDays: Int
    public let clock: any WallClock
    public let pool: BlockingPool

    public init(database: ServerDatabase, audit: any AuditRecorder, retentionDays: Int, clock: any WallClock, pool: BlockingPool) {
        precondition((1...ServerConfig.maximumRetentionDays).contains(retentionDays), "retention \(retentionDays) days is not 1...365")
        self.database = database
        self.audit = audit
        self.retentionDays = retentionDays
        self.clock = clock
        self.pool = pool
    }

    /// Deletes what is past retention now; returns how many notices went.
    @discardableResult
    public func pass() async throws -> Int {
        let now = clock.now()
        let cutoff = now.adding(milliseconds: -Int64(retentionDays) * UTCTime.millisecondsPerDay).millisecondsSinceEpoch
        let logger = database.logger
        let (audit, pool, days) = (audit, pool, retentionDays)
        return try await database.client.withTransaction(logger: logger) { connection -> Int in
            var dispositions = 0
            for try await _ in try await connection.query("""
                DELETE FROM notice_dispositions WHERE notice_seq IN
                    (SELECT seq FROM hit_notices WHERE captured_at < timestamptz 'epoch' + \(cutoff) * interval '1 millisecond')
                RETURNING id
                """, logger: logger) {
                dispositions += 1
            }
            var notices = 0
            for try await _ in try await connection.query("""
                DELETE FROM hit_notices WHERE captured_at < timestamptz 'epoch' + \(cutoff) * interval '1 millisecond' RETURNING seq
                """, logger: logger) {
                notices += 1
            }
            guard notices > 0 else { return 0 }
            let event = AuditEvent(
                type: "retention.notices-deleted", actor: AuditActor(id: "server", organisation: ""), source: "local", object: "hit_notices",
                outcome: .recorded(detail: "\(notices) hit notices and \(dispositions) dispositions of reads captured before "
                    + "\(UTCTime(millisecondsSinceEpoch: cutoff)) deleted: past the \(days)-day retention at \(now)"))
            _ = try await pool.run { try audit.record(event) }
            return notices
        }
    }
}
