import Foundation
import Logging
import MilepostCore
import MilepostHotlist
import PostgresNIO

/// Every unit's hit notices and their dispositions (tables `hit_notices` and
/// `notice_dispositions`, docs/server-schema.md). A notice is stored once per
/// `(unit_id, notice_id)`, however often the unit sends it.
public struct FleetNoticeStore: Sendable {
    public let database: ServerDatabase

    public init(database: ServerDatabase) { self.database = database }

    /// Storing takes this transaction-scoped advisory lock, so notices commit in the order of
    /// their sequence numbers: a stream that resumes after number N never misses one that a
    /// slower transaction numbered below N. Notices are few; waiting for one another costs little.
    static let numberingLock: Int64 = 0x6D70_6869_746E_6F74  // "mphitnot"

    public struct Stored: Sendable, Equatable {
        public var notice: FleetNotice
        /// False when the server already had it (a resend).
        public var isNew: Bool
    }

    /// Stores `notice`, committed as `unitSequence` in the outbox of its unit (`notice.unit`).
    public func store(_ notice: HitNotice, unitSequence: UInt64, committedAtMillis: Int64, receivedAtMillis: Int64) async throws -> Stored {
        let json = String(decoding: try NoticeOutbox.encoder.encode(notice), as: UTF8.self)
        let unit = notice.unit.rawValue
        let logger = database.logger
        let inserted: Int64? = try await database.client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.numberingLock))", logger: logger)
            let rows = try await connection.query("""
                INSERT INTO hit_notices (unit_id, notice_id, unit_sequence, committed_at, captured_at, plate, notice, received_at)
                VALUES (\(unit), \(notice.id), \(Int64(clamping: unitSequence)),
                        timestamptz 'epoch' + \(committedAtMillis) * interval '1 millisecond',
                        timestamptz 'epoch' + \(notice.capturedAtMillis) * interval '1 millisecond',
                        \(notice.plate), \(json)::jsonb, timestamptz 'epoch' + \(receivedAtMillis) * interval '1 millisecond')
                ON CONFLICT (unit_id, notice_id) DO NOTHING
                RETURNING seq
                """, logger: logger)
            var sequence: Int64?
            for try await value in rows.decode(Int64.self) { sequence = value }
            return sequence
        }
        if let inserted {
            return Stored(notice: FleetNotice(sequence: inserted, unitSequence: unitSequence, committedAtMillis: committedAtMillis,
                                              receivedAtMillis: receivedAtMillis, notice: notice),
                          isNew: true)
        }
        guard let existing = try await self.notice(unit: unit, noticeID: notice.id) else {
            throw NoticeVanished(unit: unit, noticeID: notice.id)
        }
        return Stored(notice: existing, isNew: false)
    }

    struct NoticeVanished: Error, CustomStringConvertible {
        var unit: String
        var noticeID: String
        var description: String { "notice \(noticeID) of unit \(unit) was neither stored nor found" }
    }

    static let columns = """
        seq, unit_sequence, (extract(epoch FROM committed_at) * 1000)::bigint, (extract(epoch FROM received_at) * 1000)::bigint, notice::text
        """

    public func notice(_ sequence: Int64) async throws -> FleetNotice? {
        try await fetch("SELECT \(unescaped: Self.columns) FROM hit_notices WHERE seq = \(sequence)").first
    }

    func notice(unit: String, noticeID: String) async throws -> FleetNotice? {
        try await fetch("SELECT \(unescaped: Self.columns) FROM hit_notices WHERE unit_id = \(unit) AND notice_id = \(noticeID)").first
    }

    /// Notices numbered above `sequence`, oldest first, at most `limit`.
    public func notices(after sequence: Int64, limit: Int = 200) async throws -> [FleetNotice] {
        try await fetch("SELECT \(unescaped: Self.columns) FROM hit_notices WHERE seq > \(sequence) ORDER BY seq LIMIT \(Int64(limit))")
    }

    /// The highest number given so far (0 when there is none).
    public func lastSequence() async throws -> Int64 {
        for try await value in try await database.client.query("SELECT COALESCE(max(seq), 0)::bigint FROM hit_notices", logger: database.logger)
            .decode(Int64.self) { return value }
        return 0
    }

    private func fetch(_ query: PostgresQuery) async throws -> [FleetNotice] {
        var result: [FleetNotice] = []
        for try await (sequence, unitSequence, committed, received, json) in try await database.client.query(query, logger: database.logger)
            .decode((Int64, Int64, Int64, Int64, String).self) {
            let notice = try JSONDecoder().decode(HitNotice.self, from: Data(json.utf8))
            result.append(FleetNotice(sequence: sequence, unitSequence: UInt64(max(0, unitSequence)), committedAtMillis: committed,
                                      receivedAtMillis: received, notice: notice))
        }
        return result
    }

    // MARK: Dispositions

    /// Stores a disposition of notice `notice` and returns it with its id.
    public func recordDisposition(_ disposition: Disposition, of notice: FleetNotice, officer: String, organisation: String,
                                  note: String, atMillis: Int64) async throws -> FleetDisposition {
        let rows = try await database.client.query("""
            INSERT INTO notice_dispositions (notice_seq, disposition, actor, organisation, note, recorded_at)
            VALUES (\(notice.sequence), \(disposition.rawValue), \(officer), \(organisation), \(note),
                    timestamptz 'epoch' + \(atMillis) * interval '1 millisecond')
            RETURNING id
            """, logger: database.logger)
        var id: Int64 = 0
        for try await value in rows.decode(Int64.self) { id = value }
        return FleetDisposition(id: id, sequence: notice.sequence, unit: notice.notice.unit.rawValue, noticeID: notice.notice.id,
                                disposition: disposition, officer: officer, organisation: organisation, note: note, atMillis: atMillis)
    }

    /// Takes back a disposition the audit log could not record.
    public func withdrawDisposition(_ id: Int64) async throws {
        try await database.client.query("DELETE FROM notice_dispositions WHERE id = \(id)", logger: database.logger)
    }

    /// Every disposition of notice `notice`, oldest first.
    public func dispositions(of notice: FleetNotice) async throws -> [FleetDisposition] {
        let rows = try await database.client.query("""
            SELECT id, disposition, actor, organisation, note, (extract(epoch FROM recorded_at) * 1000)::bigint
            FROM notice_dispositions WHERE notice_seq = \(notice.sequence) ORDER BY id
            """, logger: database.logger)
        var result: [FleetDisposition] = []
        for try await (id, value, officer, organisation, note, at) in rows.decode((Int64, String, String, String, String, Int64).self) {
            guard let disposition = Disposition(rawValue: value) else { continue }
            result.append(FleetDisposition(id: id, sequence: notice.sequence, unit: notice.notice.unit.rawValue, noticeID: notice.notice.id,
                                           disposition: disposition, officer: officer, organisation: organisation, note: note, atMillis: at))
        }
        return result
    }
}
