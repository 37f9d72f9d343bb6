import MilepostCore

extension ReadStore {
    /// Reads after `sequence` wait for upload: from now on the ring counts those it overwrites
    /// (`takeOverwrittenBeforeUpload`) and `uploadBacklog` measures them. The mark only moves
    /// forward; the uploader moves it as it takes reads into a batch.
    public func setUploadMark(through sequence: UInt64) {
        condition.lock()
        defer { condition.unlock() }
        uploadMark = max(uploadMark ?? 0, sequence)
    }

    /// The waiting reads the ring has overwritten since the last call, if any.
    public func takeOverwrittenBeforeUpload() -> OverwrittenBeforeUpload? {
        condition.lock()
        defer { condition.unlock() }
        defer { overwrittenBeforeUpload = nil }
        return overwrittenBeforeUpload
    }

    /// The reads after the upload mark (none while no mark is set).
    public func uploadBacklog() -> UploadBacklog {
        condition.lock()
        defer { condition.unlock() }
        guard let uploadMark, let head else { return UploadBacklog(waitingReads: 0, oldestWaitingSequence: nil, fractionOfCapacity: 0) }
        let first = index.firstPosition(afterSequence: uploadMark)
        guard let oldest = index.entry(at: first) else {
            return UploadBacklog(waitingReads: 0, oldestWaitingSequence: nil, fractionOfCapacity: 0)
        }
        let count = segments.count
        let segmentSize = configuration.segmentSize
        // The writer fills the rest of the head, then reuses the segments after it in turn.
        let segmentsBefore = Int64((Int(oldest.segment) - head - 1 + count) % count)
        let room = segmentSize - Int64(tail) + segmentsBefore * segmentSize
        let capacity = segmentSize * Int64(count)
        return UploadBacklog(waitingReads: index.endPosition - first, oldestWaitingSequence: oldest.sequence,
                             fractionOfCapacity: min(1, max(0, 1 - Double(room) / Double(capacity))))
    }

    /// At most `limit` live reads with a sequence above `sequence`, oldest first (the
    /// uploader's next batch). Streams like `query`.
    public func reads(afterSequence sequence: UInt64, limit: Int) -> ReadCursor {
        let cutoff = retentionCutoff
        condition.lock()
        defer { condition.unlock() }
        var locations: [Location] = []
        var position = index.firstPosition(afterSequence: sequence)
        while locations.count < limit, let entry = index.entry(at: position) {
            position += 1
            guard !entry.erased, entry.captureTime >= cutoff else { continue }
            locations.append(Location(entry: entry, generation: segments[Int(entry.segment)].generation))
        }
        return ReadCursor(store: self, locations: locations)
    }
}
