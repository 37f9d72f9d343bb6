import Logging
import Metrics
import MilepostCore
import MilepostHotlist
import MilepostIngest
import MilepostPolicy
import MilepostStorage
import MilepostSystem

/// The uploader's rounds (`ReadUploader` runs them; tests call `step` directly). A round
/// notes what the ring overwrote before upload (counted, audited, carried in the next batch),
/// takes the reads after the cursor into a batch unless one is still unacknowledged, posts it,
/// and advances the cursor to the acknowledged `storedThrough` once checked to lie within the
/// batch. A batch is resent unchanged until acknowledged: the server stores each
/// `(unit, sequence)` once. All file work runs on `lane`, the audit on `policyLane`.
actor ReadUploadWorker {
    struct Batch {
        var batch: ReadBatch
        var body: [UInt8]
        var signature: String
    }

    let store: ReadStore
    let cursor: UploadCursor
    let unitID: UnitID
    let unitKey: PolicySigningKey
    let transport: any ReadBatchTransport
    let settings: UploadSettings
    let lane: SerialLane
    let audit: any AuditRecorder
    let policyLane: SerialLane
    let health: UploadHealth
    let clock: any WallClock
    let jitter: any JitterSource
    let logger: Logger

    /// The batch sent and not yet acknowledged.
    private(set) var pending: Batch?
    private(set) var failures = 0
    /// Reads overwritten before upload that no acknowledged batch has reported yet.
    private(set) var unreported: UInt64 = 0
    /// Overwrites not yet in the audit log (it refused; retried each round).
    private(set) var unaudited: [OverwrittenBeforeUpload] = []
    private var alarmRaised = false

    private let uploaded = Counter(label: "milepost_upload_reads_total")
    private let failuresCounter = Counter(label: "milepost_upload_failures_total")
    private let overwrittenCounter = Counter(label: "milepost_upload_overwritten_reads_total")
    private let backlogRatio = Gauge(label: "milepost_upload_backlog_ratio")
    private let backlogReads = Gauge(label: "milepost_upload_backlog_reads")
    private let backlogAlarm = Gauge(label: "milepost_upload_backlog_alarm")
    private let acknowledgedGauge = Gauge(label: "milepost_upload_acknowledged_sequence")

    init(store: ReadStore, cursor: UploadCursor, unitID: UnitID, unitKey: PolicySigningKey, transport: any ReadBatchTransport,
         settings: UploadSettings, lane: SerialLane, audit: any AuditRecorder, policyLane: SerialLane, health: UploadHealth,
         clock: any WallClock, jitter: any JitterSource = SystemJitter(), logger: Logger) {
        self.store = store
        self.cursor = cursor
        self.unitID = unitID
        self.unitKey = unitKey
        self.transport = transport
        self.settings = settings
        self.lane = lane
        self.audit = audit
        self.policyLane = policyLane
        self.health = health
        self.clock = clock
        self.jitter = jitter
        self.logger = logger
        // From now on the ring counts the reads after the cursor that it overwrites.
        store.setUploadMark(through: cursor.acknowledgedThrough)
    }

    /// One round; returns how many milliseconds to wait before the next: none while reads
    /// remain, the interval once all are acknowledged, a jittered backoff after a failure.
    func step() async -> Int64 {
        await noteOverwrites()
        let sent: Batch
        do {
            if pending == nil { pending = try await nextBatch() }
            guard let batch = pending else { return settings.intervalMillis }
            sent = batch
            let answer = try await transport.post(body: batch.body, signature: batch.signature)
            let acknowledgement = try UploadAcknowledgementCheck.acknowledgement(answer, for: batch.batch)
            try await lane.run { [cursor] in try cursor.advance(to: acknowledgement.storedThrough) }
            try await acknowledged(batch, through: acknowledgement.storedThrough)
        } catch {
            failures += 1
            failuresCounter.increment()
            health.failed("\(error)")
            let delay = settings.backoff.delayMillis(afterFailedAttempt: failures, unitRandom: jitter.next())
            logger.warning("read upload failed; will retry", metadata: [
                "error": "\(error)", "failures": "\(failures)", "retryInMs": "\(delay)",
                "batch": "\(pending.map { "\($0.batch.firstSequence ?? 0)...\($0.batch.lastSequence ?? 0)" } ?? "none")",
            ])
            return delay
        }
        return sent.batch.reads.count >= settings.batchSize || pending != nil ? 0 : settings.intervalMillis
    }

    private func acknowledged(_ batch: Batch, through sequence: UInt64) async throws {
        pending = nil
        failures = 0
        unreported -= batch.batch.overwrittenBeforeUpload
        let stored = batch.batch.reads.prefix { $0.sequence <= sequence }.count
        uploaded.increment(by: Int64(stored))
        acknowledgedGauge.record(Int64(clamping: sequence))
        health.acknowledged(through: sequence, at: clock.now())
        let rest = Array(batch.batch.reads.dropFirst(stored))
        // What the server did not acknowledge is sent next, without re-reading the store (if
        // sealing fails, the next batch reads it again from after the cursor).
        if !rest.isEmpty { pending = try await seal(rest, overwritten: 0) }
    }

    /// The reads after the cursor, up to the batch's count and size, oldest first.
    private func nextBatch() async throws -> Batch? {
        let after = cursor.acknowledgedThrough
        let (limit, maximumBytes) = (settings.batchSize, settings.maximumBatchBytes)
        let (reads, damaged) = try await lane.run { [store] in
            var reads: [SequencedRead] = []
            var damaged: [StoreError] = []
            var bytes = 0
            var from = after
            // Reads that no longer load (damaged, or overwritten meanwhile) leave room: look further.
            while reads.count < limit {
                let wanted = limit - reads.count
                var found = store.reads(afterSequence: from, limit: wanted)
                var bytesReached = false
                while let stored = found.next() {
                    let size = Self.estimatedBytes(stored.read)
                    if !reads.isEmpty, bytes + size > maximumBytes {
                        bytesReached = true
                        break
                    }
                    reads.append(SequencedRead(sequence: stored.sequence, read: stored.read))
                    bytes += size
                }
                damaged += found.damaged
                guard !bytesReached, found.matchCount == wanted, let last = found.lastMatchedSequence else { break }
                from = last
            }
            // Reads taken into a batch are in the uploader's hands: no longer counted if overwritten.
            if let last = reads.last { store.setUploadMark(through: last.sequence) }
            return (reads, damaged)
        }
        for error in damaged { logger.error("a stored read cannot be uploaded: its record is damaged", metadata: ["error": "\(error)"]) }
        guard !reads.isEmpty else { return nil }
        return try await seal(reads, overwritten: unreported)
    }

    private func seal(_ reads: [SequencedRead], overwritten: UInt64) async throws -> Batch {
        let batch = ReadBatch(unitID: unitID, reads: reads, overwrittenBeforeUpload: overwritten)
        return try await lane.run { [unitID, unitKey] in
            let body = ReadBatchCodec.encode(batch)
            return Batch(batch: batch, body: body, signature: try BatchSignature.header(for: body, unitID: unitID, unitKey: unitKey))
        }
    }

    /// About the JSON a read takes: its images in base64 and the fields around them.
    static func estimatedBytes(_ read: PlateRead) -> Int {
        (read.crop.count + (read.context?.count ?? 0)) * 4 / 3 + 512
    }

    /// Takes what the ring overwrote from the store, counts it, audits it (what the audit
    /// log refuses is kept for the next round), and updates the backlog gauges and alarm.
    private func noteOverwrites() async {
        guard let taken = try? await lane.run({ [store] in (store.takeOverwrittenBeforeUpload(), store.uploadBacklog()) }) else {
            return
        }
        let (overwritten, backlog) = taken
        if let overwritten {
            unaudited.append(overwritten)
            unreported += UInt64(overwritten.count)
            overwrittenCounter.increment(by: Int64(overwritten.count))
            health.overwritten(overwritten.count)
            logger.error("the read store overwrote reads before they were uploaded", metadata: ["reads": "\(overwritten)"])
        }
        while let first = unaudited.first {
            let event = StoreUploadAudit.event(for: first, unitID: unitID)
            do {
                try await policyLane.run { [audit] in _ = try audit.record(event) }
            } catch {
                logger.error("cannot audit reads overwritten before upload; will retry", metadata: ["error": "\(error)"])
                break
            }
            unaudited.removeFirst()
        }
        backlogRatio.record(backlog.fractionOfCapacity)
        backlogReads.record(Int64(backlog.waitingReads))
        let alarm = UploadMonitor.alarm(backlog, threshold: settings.backlogAlarmFraction)
        backlogAlarm.record(alarm == nil ? 0 : 1)
        if let alarm, !alarmRaised { logger.error("upload backlog alarm", metadata: ["alarm": "\(alarm)"]) }
        if alarm == nil, alarmRaised { logger.notice("upload backlog below the alarm threshold again") }
        alarmRaised = alarm != nil
    }
}
