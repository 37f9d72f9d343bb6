import MilepostCore
import MilepostSystem

extension ReadStore {
    /// Erases every read captured before `now` minus the retention period and reports it.
    ///
    /// Each expired record is overwritten in place by an erased-record header (no plate)
    /// and zeros over the whole payload (crop and context images with it), then the touched
    /// segment files are synced. Reads past retention are never returned even before a purge
    /// erases them. Holds in the evidence area are not touched: a hold keeps its copy until
    /// released, and the report names the holds whose ring copy this purge erased.
    public func purge(now: UTCTime) throws(StoreError) -> PurgeReport {
        condition.lock()
        defer { condition.unlock() }
        try checkWritable()
        let cutoff = now.millisecondsSinceEpoch - configuration.retentionMilliseconds
        let expired = index.positions(capturedBefore: cutoff)
        var touched: Set<Int> = []
        var erasedCaptureTimes: ClosedRange<Int64>?
        var exemptedHolds: [EvidenceHold] = []
        for position in expired {
            guard let entry = index.entry(at: position) else { continue }
            erasedCaptureTimes = erasedCaptureTimes.map {
                min($0.lowerBound, entry.captureTime)...max($0.upperBound, entry.captureTime)
            } ?? entry.captureTime...entry.captureTime
            if let hold = holds[entry.sequence] { exemptedHolds.append(hold) }
            let segment = Int(entry.segment)
            let erased = RecordHeader(
                kind: .erased, generation: segments[segment].generation, sequence: entry.sequence,
                captureTime: UTCTime(millisecondsSinceEpoch: entry.captureTime),
                payloadLength: entry.payloadLength, plate: PlateKey(bytes: []))
            let zeros = [UInt8](repeating: 0, count: Int(entry.payloadLength))
            do throws(FileError) {
                try segments[segment].file.write(erased.encodeRecord(payload: zeros), at: Int64(entry.offset))
            } catch {
                // The records not yet overwritten stay unerased in the index, so the next purge
                // retries them; those already overwritten are synced by the next group commit.
                dirtySegments.formUnion(touched)
                throw StoreError.fromWrite(error)
            }
            index.markErased(at: position)
            touched.insert(segment)
        }
        for segment in touched.sorted() {
            do throws(FileError) {
                try segments[segment].file.dataSync()
            } catch {
                let error = StoreError.syncFailed(error)
                failure = error
                throw error
            }
        }
        if !expired.isEmpty { index.compactPostings() }
        let oldest = index.oldestLive().map { (sequence: $0.sequence, captureTime: UTCTime(millisecondsSinceEpoch: $0.captureTime)) }
        return PurgeReport(
            now: now, cutoff: UTCTime(millisecondsSinceEpoch: cutoff), erasedCount: expired.count,
            erasedCaptureTimes: erasedCaptureTimes.map {
                UTCTime(millisecondsSinceEpoch: $0.lowerBound)...UTCTime(millisecondsSinceEpoch: $0.upperBound)
            },
            exemptedHolds: exemptedHolds, oldestRemaining: oldest, remainingCount: index.liveCount)
    }

    /// `purge(now:)` at the store clock's current time.
    public func purge() throws(StoreError) -> PurgeReport {
        try purge(now: clock.now())
    }
}
