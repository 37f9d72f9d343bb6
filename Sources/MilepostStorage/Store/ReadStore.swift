import Foundation
import MilepostCore
import MilepostSystem

/// The power-loss-safe ring of plate reads.
///
/// Thread-safe; all methods block (call them from a thread that may block, not from a
/// cooperative-pool task that must not). One lock with a condition guards the state;
/// file reads and the group-commit `fdatasync` run outside it.
///
/// Durability guarantee: when `append` returns a sequence number, the record and every
/// record with a lower number that was acknowledged are on stable storage (`fdatasync`
/// of each segment file written since the previous sync has returned 0). Concurrent
/// appends share syncs: one caller syncs for everyone who wrote before it started.
/// If a sync fails, every caller waiting on it gets `.syncFailed`, nothing is retried,
/// and the store accepts no more writes (reads still work) until reopened.
public final class ReadStore: @unchecked Sendable {  // state below `condition` is used only while holding it; the rest is set in open
    public enum OpenMode: Sendable {
        /// Recover, purge expired reads and accept writes; create the store if missing.
        case readWrite(createIfMissing: Bool)
        /// Recover and serve reads; never writes (for inspection and audits).
        case readOnly
    }

    /// The configuration, with the ring geometry as recorded in `store.meta`.
    public let configuration: StoreConfiguration
    public let recovery: RecoveryReport
    /// The purge run during `open` (nil when opened read-only).
    public internal(set) var openingPurge: PurgeReport?

    let fileSystem: any FileSystem
    let clock: any WallClock
    let metadata: StoreMetadata
    let isReadOnlyOpen: Bool
    let condition = NSCondition()

    // Guarded by `condition`.
    var segments: [SegmentSlot]
    var head: Int?
    var tail: Int
    var nextSequence: UInt64
    var index: ReadIndex
    var pending: [PendingEntry] = []
    var dirtySegments: Set<Int> = []
    var writtenSequence: UInt64 = 0
    var durableSequence: UInt64 = 0
    var syncInProgress = false
    var failure: StoreError?
    var holds: [UInt64: EvidenceHold]
    var closed = false
    /// Reads after this sequence wait for upload; nil while no uploader tracks them.
    var uploadMark: UInt64?
    /// Waiting reads the ring overwrote, not yet taken by `takeOverwrittenBeforeUpload`.
    var overwrittenBeforeUpload: OverwrittenBeforeUpload?

    struct SegmentSlot {
        var file: any OpenFile
        /// 0 while the segment has never been used (or its header is unreadable).
        var generation: UInt64
    }

    struct PendingEntry {
        var entry: IndexEntry
        var plate: PlateKey
        var generation: UInt64
    }

    var ringDirectory: String { configuration.directory + "/ring" }
    var evidenceDirectory: String { configuration.directory + "/evidence" }

    init(
        configuration: StoreConfiguration, fileSystem: any FileSystem, clock: any WallClock,
        metadata: StoreMetadata, readOnly: Bool, recovered: Recovered
    ) {
        self.configuration = configuration
        self.fileSystem = fileSystem
        self.clock = clock
        self.metadata = metadata
        self.isReadOnlyOpen = readOnly
        self.recovery = recovered.report
        self.segments = recovered.segments
        self.head = recovered.head
        self.tail = recovered.tail
        self.nextSequence = recovered.nextSequence
        self.index = recovered.index
        self.holds = recovered.holds
        self.writtenSequence = recovered.nextSequence - 1
        self.durableSequence = recovered.nextSequence - 1
    }

    /// Opens (and by default creates) the store in `configuration.directory`, recovers it
    /// and, unless read-only, purges reads past retention.
    public static func open(
        _ configuration: StoreConfiguration,
        fileSystem: any FileSystem = DiskFileSystem(),
        clock: any WallClock = SystemWallClock(),
        mode: OpenMode = .readWrite(createIfMissing: true)
    ) throws(StoreError) -> ReadStore {
        try configuration.validate()
        let readOnly: Bool
        let create: Bool
        switch mode {
        case .readOnly: (readOnly, create) = (true, false)
        case .readWrite(let createIfMissing): (readOnly, create) = (false, createIfMissing)
        }
        let (metadata, damagedMetadata) = try StoreLayout.openOrCreate(configuration, fileSystem: fileSystem, clock: clock, create: create)
        var actual = configuration
        actual.segmentSize = Int64(metadata.segmentSize)
        actual.capacityBytes = Int64(metadata.segmentSize) * Int64(metadata.segmentCount)
        var recovered = try Recovery.run(actual, metadata: metadata, fileSystem: fileSystem, readOnly: readOnly)
        recovered.report.damagedMetadata = damagedMetadata
        let store = ReadStore(
            configuration: actual, fileSystem: fileSystem, clock: clock, metadata: metadata,
            readOnly: readOnly, recovered: recovered)
        if !readOnly {
            try store.settleTail(after: recovered)
            store.openingPurge = try store.purge(now: clock.now())
        }
        return store
    }

    /// After a power cut: zeroes the torn tail, so the space after the newest record is
    /// erased again, and writes the commit marker the last append did not get to (its
    /// records are on disk now), so every record on disk is vouched for.
    private func settleTail(after recovered: Recovered) throws(StoreError) {
        condition.lock()
        defer { condition.unlock() }
        guard let head else { return }
        do throws(StoreError) {
            if let end = recovered.tornTailEnd, end > tail {
                do throws(FileError) {
                    try segments[head].file.zeroRange(at: Int64(tail), count: Int64(end - tail))
                } catch {
                    throw StoreError.fromWrite(error)
                }
                dirtySegments.insert(head)
            }
            if let unvouched = recovered.unvouched, tail + Format.headerSize <= Int(configuration.segmentSize) {
                // Those records may still be only in the page cache if the process, not the power, died.
                dirtySegments.formUnion(segments.indices)
                try syncDirtySegments()
                try writeCommitMarker(acknowledging: unvouched)
            }
            try syncDirtySegments()
        } catch {
            failure = error
            throw error
        }
    }

    /// Closes the segment files. Every acknowledged append is already durable.
    public func close() {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        while syncInProgress { condition.wait() }
        closed = true
        failure = failure ?? .readOnly(reason: "the store was closed")
        for slot in segments { slot.file.close() }
    }

    /// Why the store refuses writes, if it does.
    public var readOnlyReason: String? {
        condition.lock()
        defer { condition.unlock() }
        return isReadOnlyOpen ? "opened read-only" : failure?.description
    }

    /// Must be called with the lock held.
    func checkWritable() throws(StoreError) {
        if isReadOnlyOpen { throw .readOnly(reason: "opened read-only") }
        if let failure {
            if case .readOnly = failure { throw failure }
            throw .readOnly(reason: failure.description)
        }
    }

    var retentionCutoff: Int64 {
        clock.now().millisecondsSinceEpoch - configuration.retentionMilliseconds
    }

    /// Random at creation; every segment header and the upload cursor repeat it.
    public var storeID: UInt64 { metadata.storeID }

    /// The sequence number the next append will get.
    public var upcomingSequence: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return nextSequence
    }

    /// The newest live read's sequence number, if any.
    public var newestLiveSequence: UInt64? {
        let cutoff = retentionCutoff
        condition.lock()
        defer { condition.unlock() }
        var position = index.endPosition - 1
        while let entry = index.entry(at: position) {
            if !entry.erased && entry.captureTime >= cutoff { return entry.sequence }
            position -= 1
        }
        return nil
    }

    /// The ring's state. Reads past the retention period count as expired, not live, as
    /// they are never returned.
    public func statistics() -> StoreStatistics {
        let cutoff = retentionCutoff
        condition.lock()
        defer { condition.unlock() }
        var counts = [Int](repeating: 0, count: segments.count)
        var used = [Int](repeating: 0, count: segments.count)
        var live = 0, expired = 0
        var oldest: IndexEntry?
        var position = index.base
        while let entry = index.entry(at: position) {
            let segment = Int(entry.segment)
            used[segment] = max(used[segment], Int(entry.offset + entry.size))
            position += 1
            guard !entry.erased else { continue }
            guard entry.captureTime >= cutoff else {
                expired += 1
                continue
            }
            counts[segment] += 1
            live += 1
            if oldest == nil || entry.captureTime < oldest!.captureTime { oldest = entry }
        }
        if let head { used[head] = tail }
        let summaries = segments.indices.map { i in
            SegmentSummary(
                index: i, generation: segments[i].generation == 0 ? nil : segments[i].generation,
                reads: counts[i], usedBytes: used[i], isHead: i == head)
        }
        return StoreStatistics(
            segmentSize: configuration.segmentSize, segments: summaries, liveReads: live, expiredReads: expired,
            oldest: oldest.map { (sequence: $0.sequence, captureTime: UTCTime(millisecondsSinceEpoch: $0.captureTime)) },
            nextSequence: nextSequence, holds: holds.count,
            readOnlyReason: isReadOnlyOpen ? "opened read-only" : failure?.description)
    }
}
