import Foundation
import Logging
import MilepostCore
import MilepostIngest
import NIOCore
import PostgresNIO

/// Stores a unit's batch of reads (docs/server-ingest.md, docs/server-schema.md): every read in
/// one transaction, in one multi-row statement, so the batch is stored whole or not at all, and
/// a read already stored (a resent batch) is not stored again.
public struct ReadIngestor: Sendable {
    public let database: ServerDatabase
    public let partitions: ReadPartitions
    public let clock: any WallClock

    public init(database: ServerDatabase, partitions: ReadPartitions, clock: any WallClock) {
        self.database = database
        self.partitions = partitions
        self.clock = clock
    }

    /// A batch that would store a second, different read under a `(unit, seq)` already stored.
    public struct SequenceReused: Error, Equatable, CustomStringConvertible {
        public var unitID: UnitID
        public var sequence: UInt64
        public var storedCaptureTime: UTCTime
        public var batchCaptureTime: UTCTime

        public var description: String {
            "unit \(unitID) seq \(sequence) is already stored with capture time \(storedCaptureTime), but the batch has it at \(batchCaptureTime): "
                + "the unit's sequence numbers restarted (a replaced read store?); the batch is refused and nothing of it stored"
        }
    }

    /// Stores `batch` and returns the acknowledgement. A connection lost mid-batch (PostgreSQL
    /// restarted) rolls the batch back; it is then tried once more on a fresh connection.
    public func store(_ batch: ReadBatch) async throws -> IngestAcknowledgement {
        do {
            return try await storeOnce(batch)
        } catch let error where PostgresFailure.isConnectionLoss(error) || PostgresFailure.sqlState(error) == Self.noPartitionForRow {
            // A partition dropped by another server process is created again on the retry.
            partitions.forget()
            return try await storeOnce(batch)
        }
    }

    /// `check_violation`: raised for a row that no partition takes.
    static let noPartitionForRow = "23514"

    private func storeOnce(_ batch: ReadBatch) async throws -> IngestAcknowledgement {
        try await partitions.ensure(Set(batch.reads.map { DayPartition(containing: $0.read.captureTime) }))
        let columns = BatchColumns(batch)
        let received = clock.now().millisecondsSinceEpoch
        let logger = database.logger
        do {
            return try await insert(batch, columns: columns, received: received, logger: logger)
        } catch let error as PostgresTransactionError where error.closureError is SequenceReused {
            // Rolled back; the refusal itself is what the unit must hear.
            throw error.closureError!
        }
    }

    private func insert(_ batch: ReadBatch, columns: BatchColumns, received: Int64, logger: Logger) async throws -> IngestAcknowledgement {
        let unit = batch.unitID.rawValue
        return try await database.client.withTransaction(logger: logger) { connection in
            try await connection.query("INSERT INTO units (unit_id) VALUES (\(unit)) ON CONFLICT DO NOTHING", logger: logger)
            var storedThrough: Int64 = 0
            for try await value in try await connection.query(
                "SELECT stored_through FROM units WHERE unit_id = \(unit) FOR UPDATE", logger: logger).decode(Int64.self) {
                storedThrough = value
            }
            if let first = batch.firstSequence, first <= UInt64(storedThrough) {
                try await checkResentSequences(batch, storedThrough: storedThrough, on: connection, logger: logger)
            }
            var newlyStored = 0
            if !batch.reads.isEmpty {
                let rows = try await connection.query("""
                    INSERT INTO reads (unit_id, seq, captured_at, read_id, camera_id, plate, state, confidence, alternatives,
                                       box_x, box_y, box_width, box_height, authorization_id, crop, context, received_at,
                                       frames_read, frames_agreed)
                    SELECT \(unit), b.seq, timestamptz 'epoch' + b.time_ms * interval '1 millisecond', b.read_id, b.camera_id, b.plate,
                           NULLIF(b.state, ''), b.confidence::smallint, b.alternatives::jsonb, b.box_x, b.box_y, b.box_width, b.box_height,
                           b.authorization_id, b.crop, NULLIF(b.context, ''::bytea), timestamptz 'epoch' + \(received) * interval '1 millisecond',
                           NULLIF(b.frames_read, 0)::smallint, NULLIF(b.frames_agreed, 0)::smallint
                    FROM unnest(\(columns.sequences)::bigint[], \(columns.times)::bigint[], \(columns.readIDs)::uuid[], \(columns.cameras)::text[],
                                \(columns.plates)::text[], \(columns.states)::text[], \(columns.confidences)::integer[], \(columns.alternatives)::text[],
                                \(columns.boxX)::integer[], \(columns.boxY)::integer[], \(columns.boxWidth)::integer[], \(columns.boxHeight)::integer[],
                                \(columns.authorizations)::text[], \(columns.crops)::bytea[], \(columns.contexts)::bytea[],
                                \(columns.framesRead)::integer[], \(columns.framesAgreed)::integer[])
                         AS b(seq, time_ms, read_id, camera_id, plate, state, confidence, alternatives, box_x, box_y, box_width, box_height,
                              authorization_id, crop, context, frames_read, frames_agreed)
                    ON CONFLICT DO NOTHING
                    RETURNING seq
                    """, logger: logger)
                for try await _ in rows { newlyStored += 1 }
            }
            // The overwritten count belongs to the gap before the batch's first read: counted
            // the first time that read arrives, not again when the batch is resent.
            let firstTime = batch.firstSequence.map { $0 > UInt64(storedThrough) } ?? true
            let overwritten = firstTime ? Int64(clamping: batch.overwrittenBeforeUpload) : 0
            let last = Int64(clamping: batch.lastSequence ?? 0)
            try await connection.query("""
                UPDATE units SET stored_through = GREATEST(stored_through, \(last)), stored_reads = stored_reads + \(Int64(newlyStored)),
                       overwritten_before_upload = overwritten_before_upload + \(overwritten),
                       last_batch_at = timestamptz 'epoch' + \(received) * interval '1 millisecond'
                WHERE unit_id = \(unit)
                """, logger: logger)
            return IngestAcknowledgement(unitID: batch.unitID, storedThrough: UInt64(max(last, storedThrough)), newlyStored: newlyStored)
        }
    }

    /// A resent read has the capture time it was stored with; a different one means the unit
    /// reuses sequence numbers, which would put two reads under one key.
    private func checkResentSequences(_ batch: ReadBatch, storedThrough: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        let resent = batch.reads.filter { $0.sequence <= UInt64(storedThrough) }
        let sequences = resent.map { Int64($0.sequence) }
        let times = resent.map { $0.read.captureTime.millisecondsSinceEpoch }
        let rows = try await connection.query("""
            SELECT r.seq, (extract(epoch FROM r.captured_at) * 1000)::bigint, b.time_ms
            FROM unnest(\(sequences)::bigint[], \(times)::bigint[]) AS b(seq, time_ms)
            JOIN reads r ON r.unit_id = \(batch.unitID.rawValue) AND r.seq = b.seq
            WHERE r.captured_at <> timestamptz 'epoch' + b.time_ms * interval '1 millisecond'
            LIMIT 1
            """, logger: logger)
        for try await (sequence, stored, sent) in rows.decode((Int64, Int64, Int64).self) {
            throw SequenceReused(unitID: batch.unitID, sequence: UInt64(sequence), storedCaptureTime: UTCTime(millisecondsSinceEpoch: stored),
                                 batchCaptureTime: UTCTime(millisecondsSinceEpoch: sent))
        }
    }
}

/// A batch as one array per column, bound as parameters of a single INSERT ... SELECT FROM
/// unnest(...): one round trip for the whole batch. Absent optional values travel as empty (or
/// zero) and are stored as NULL.
struct BatchColumns {
    var sequences: [Int64] = []
    var times: [Int64] = []
    var readIDs: [UUID] = []
    var cameras: [String] = []
    var plates: [String] = []
    var states: [String] = []
    var confidences: [Int32] = []
    var alternatives: [String] = []
    var boxX: [Int32] = []
    var boxY: [Int32] = []
    var boxWidth: [Int32] = []
    var boxHeight: [Int32] = []
    var authorizations: [String] = []
    var crops: [ByteBuffer] = []
    var contexts: [ByteBuffer] = []
    var framesRead: [Int32] = []
    var framesAgreed: [Int32] = []

    init(_ batch: ReadBatch) {
        for item in batch.reads {
            let read = item.read
            sequences.append(Int64(clamping: item.sequence))
            times.append(read.captureTime.millisecondsSinceEpoch)
            readIDs.append(read.readID)
            cameras.append(read.cameraID.rawValue)
            plates.append(read.plate.description)
            states.append(read.state ?? "")
            confidences.append(Int32(read.confidence.perMille))
            alternatives.append(Self.json(read.alternatives))
            boxX.append(read.box.x)
            boxY.append(read.box.y)
            boxWidth.append(read.box.width)
            boxHeight.append(read.box.height)
            authorizations.append(read.authorizationID)
            crops.append(ByteBuffer(bytes: read.crop))
            contexts.append(ByteBuffer(bytes: read.context ?? []))
            framesRead.append(Int32(read.pass?.framesRead ?? 0))
            framesAgreed.append(Int32(read.pass?.framesAgreed ?? 0))
        }
    }

    /// `[{"plate":"A8C1234","confidence":120}]`; plate text is letters and digits only.
    static func json(_ alternatives: [AlternativeReading]) -> String {
        "[" + alternatives.map { "{\"plate\":\"\($0.plate.description)\",\"confidence\":\($0.confidence.perMille)}" }.joined(separator: ",") + "]"
    }
}
