import MilepostCore
import MilepostSystem

extension ReadStore {
    /// Stores a read and returns its sequence number once it is durable (see the type's
    /// guarantee). Throws without storing anything when the read is invalid or expired.
    @discardableResult
    public func append(_ read: PlateRead) throws(StoreError) -> UInt64 {
        let prepared = try prepare(read)
        condition.lock()
        defer { condition.unlock() }
        try checkWritable()
        let sequence = try write(prepared)
        try waitUntilDurable(sequence)
        return sequence
    }

    /// Stores several reads with one sync for all of them (bulk import, benchmarks).
    /// Returns their sequence numbers once all are durable. On an error, the reads
    /// written before it may or may not be stored; none of them is acknowledged.
    @discardableResult
    public func append(contentsOf reads: [PlateRead]) throws(StoreError) -> [UInt64] {
        var prepared: [(payload: [UInt8], read: PlateRead)] = []
        prepared.reserveCapacity(reads.count)
        for read in reads { prepared.append(try prepare(read)) }
        condition.lock()
        defer { condition.unlock() }
        try checkWritable()
        var sequences: [UInt64] = []
        sequences.reserveCapacity(reads.count)
        for item in prepared { sequences.append(try write(item)) }
        if let last = sequences.last { try waitUntilDurable(last) }
        return sequences
    }

    /// Validates and encodes outside the lock.
    private func prepare(_ read: PlateRead) throws(StoreError) -> (payload: [UInt8], read: PlateRead) {
        try validate(read)
        let cutoff = retentionCutoff
        guard read.captureTime.millisecondsSinceEpoch >= cutoff else {
            throw .readAlreadyExpired(captureTime: read.captureTime, cutoff: UTCTime(millisecondsSinceEpoch: cutoff))
        }
        return (ReadPayload.encode(read), read)
    }

    /// Writes one record at the tail (not yet durable). With the lock held.
    private func write(_ prepared: (payload: [UInt8], read: PlateRead)) throws(StoreError) -> UInt64 {
        let (payload, read) = prepared
        let plate = PlateKey(read.plate)
        let recordSize = Format.aligned(Format.headerSize + payload.count)
        // Every record leaves room for the commit marker that will follow it.
        let needed = recordSize + Format.headerSize
        guard Format.headerSize + needed <= Int(configuration.segmentSize) else {
            throw .invalidRead(field: "read", problem: "needs \(needed) bytes with its commit marker; a segment of this store holds \(Int(configuration.segmentSize) - Format.headerSize)")
        }
        if head == nil || tail + needed > Int(configuration.segmentSize) {
            try startNextSegment()
        }
        let segment = head!
        let generation = segments[segment].generation
        let sequence = nextSequence
        let header = RecordHeader(
            kind: .read, generation: generation, sequence: sequence, captureTime: read.captureTime,
            payloadLength: UInt32(payload.count), plate: plate)
        do throws(FileError) {
            try segments[segment].file.write(header.encodeRecord(payload: payload), at: Int64(tail))
        } catch {
            // Nothing moved: the next append overwrites whatever part of this one landed.
            throw StoreError.fromWrite(error)
        }
        pending.append(PendingEntry(
            entry: IndexEntry(
                sequence: sequence, captureTime: read.captureTime.millisecondsSinceEpoch, segment: UInt32(segment),
                offset: UInt32(tail), payloadLength: UInt32(payload.count), erased: false),
            plate: plate, generation: generation))
        nextSequence += 1
        tail += recordSize
        writtenSequence = sequence
        dirtySegments.insert(segment)
        return sequence
    }

    /// Group commit. With the lock held: returns once `sequence` is acknowledged, either by
    /// becoming the syncing caller or by waiting for the one in progress.
    ///
    /// A round syncs the records written so far, then writes a commit marker saying they
    /// are durable and syncs it, and only then acknowledges them: recovery tells damage to
    /// an acknowledged record from the torn tail of an unacknowledged one by the markers.
    func waitUntilDurable(_ sequence: UInt64) throws(StoreError) {
        while durableSequence < sequence {
            if let failure { throw failure }
            if syncInProgress {
                condition.wait()
                continue
            }
            syncInProgress = true
            defer {
                syncInProgress = false
                condition.broadcast()
            }
            let target = writtenSequence
            let batch = pending
            pending.removeAll()
            do throws(StoreError) {
                try syncDirtySegments()
                try writeCommitMarker(acknowledging: (durableSequence + 1)...max(durableSequence + 1, target))
                try syncDirtySegments()
            } catch {
                // Never retried: the kernel may have dropped the dirty pages already.
                failure = error
                throw error
            }
            durableSequence = max(durableSequence, target)
            for item in batch where segments[Int(item.entry.segment)].generation == item.generation {
                index.append(item.entry, plate: item.plate)
            }
        }
    }

    /// Syncs every segment file written since the last sync, with the lock released
    /// meanwhile. With the lock held.
    func syncDirtySegments() throws(StoreError) {
        let files = dirtySegments.sorted().map { segments[$0].file }
        dirtySegments.removeAll()
        condition.unlock()
        defer { condition.lock() }
        for file in files {
            do throws(FileError) {
                try file.dataSync()
            } catch {
                throw .syncFailed(error)
            }
        }
    }

    /// Writes, at the tail, a commit marker saying the reads `range` are durable; `write`
    /// always leaves room for it. With the lock held.
    func writeCommitMarker(acknowledging range: ClosedRange<UInt64>) throws(StoreError) {
        guard let head else { return }
        let marker = RecordHeader.commitMarker(generation: segments[head].generation, acknowledging: range)
        do throws(FileError) {
            try segments[head].file.write(marker.encodeRecord(payload: []), at: Int64(tail))
        } catch {
            throw StoreError.fromWrite(error)
        }
        tail += Format.headerSize
        dirtySegments.insert(head)
    }

    /// Moves the head to the next segment, giving up its oldest reads (counting those still
    /// waiting for upload). With the lock held.
    ///
    /// The segment is zeroed (metadata-only on ext4) and gets a header with the next
    /// generation; records still on disk from its previous lap would fail the salt check
    /// even if the zeroing were lost in a power cut.
    func startNextSegment() throws(StoreError) {
        let count = segments.count
        let next = head.map { ($0 + 1) % count } ?? 0
        let generation = head.map { segments[$0].generation + 1 } ?? 1
        var overwritten: OverwrittenBeforeUpload?
        index.dropFront { [uploadMark] entry in
            guard entry.segment == UInt32(next) else { return false }
            if let uploadMark, !entry.erased, entry.sequence > uploadMark {
                overwritten = OverwrittenBeforeUpload(adding: entry.sequence, to: overwritten)
            }
            return true
        }
        if let overwritten {
            overwrittenBeforeUpload = OverwrittenBeforeUpload(merging: overwritten, into: overwrittenBeforeUpload)
        }
        pending.removeAll { $0.entry.segment == UInt32(next) }
        segments[next].generation = 0
        let header = SegmentHeader(
            storeID: metadata.storeID, generation: generation, index: UInt32(next), segmentCount: UInt32(count),
            segmentSize: UInt64(configuration.segmentSize), firstSequence: nextSequence)
        do throws(FileError) {
            try segments[next].file.zeroRange(at: 0, count: configuration.segmentSize)
            try segments[next].file.write(header.encode(), at: 0)
        } catch {
            throw StoreError.fromWrite(error)
        }
        segments[next].generation = generation
        head = next
        tail = Format.headerSize
        dirtySegments.insert(next)
    }

    func validate(_ read: PlateRead) throws(StoreError) {
        if let problem = StoredPlate.problem(with: read.plate) { throw .invalidRead(field: "plate", problem: problem) }
        for (i, alternative) in read.alternatives.enumerated() {
            if let problem = StoredPlate.problem(with: alternative.plate) {
                throw .invalidRead(field: "alternatives[\(i)].plate", problem: problem)
            }
        }
        guard read.alternatives.count <= PlateRead.maximumAlternatives else {
            throw .invalidRead(field: "alternatives",
                               problem: "has \(read.alternatives.count) entries; at most \(PlateRead.maximumAlternatives) are stored")
        }
        if read.authorizationID.isEmpty { throw .invalidRead(field: "authorizationID", problem: "is empty") }
        if read.authorizationID.utf8.count > ReadPayload.maxIdentifierBytes {
            throw .invalidRead(field: "authorizationID",
                               problem: "is \(read.authorizationID.utf8.count) bytes; at most \(ReadPayload.maxIdentifierBytes)")
        }
        if let state = read.state, !ReadPayload.isStateCode(state) {
            throw .invalidRead(field: "state", problem: "'\(state)' is not two capital letters")
        }
        guard !read.crop.isEmpty else { throw .invalidRead(field: "crop", problem: "is empty") }
        guard read.crop.count <= configuration.maxCropBytes else {
            throw .invalidRead(field: "crop", problem: "is \(read.crop.count) bytes; the cap is \(configuration.maxCropBytes)")
        }
        if let context = read.context, context.count > configuration.maxContextBytes {
            throw .invalidRead(field: "context", problem: "is \(context.count) bytes; the cap is \(configuration.maxContextBytes)")
        }
    }
}
