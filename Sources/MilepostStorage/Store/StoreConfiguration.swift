import MilepostCore

/// How a store is laid out and how long it keeps reads.
public struct StoreConfiguration: Sendable {
    /// The department policy keeps reads one year; no configuration may ask for more.
    public static let maxRetentionDays = 365

    /// The store directory (holds `store.meta`, `ring/` and `evidence/`).
    public var directory: String
    /// Total ring capacity in bytes, preallocated as `capacityBytes / segmentSize` segments.
    public var capacityBytes: Int64
    /// Size of each segment file. Reuse happens one whole segment at a time.
    public var segmentSize: Int64
    /// Reads older than this many days are purged and never returned (1...365).
    public var retentionDays: Int
    public var maxCropBytes: Int
    public var maxContextBytes: Int

    public init(
        directory: String, capacityBytes: Int64, segmentSize: Int64 = 64 << 20,
        retentionDays: Int = 365, maxCropBytes: Int = 64 << 10, maxContextBytes: Int = 512 << 10
    ) {
        self.directory = directory
        self.capacityBytes = capacityBytes
        self.segmentSize = segmentSize
        self.retentionDays = retentionDays
        self.maxCropBytes = maxCropBytes
        self.maxContextBytes = maxContextBytes
    }

    /// `capacityBytes / segmentSize` (0 when the segment size is not positive).
    public var segmentCount: Int { segmentSize > 0 ? Int(capacityBytes / segmentSize) : 0 }
    var retentionMilliseconds: Int64 { Int64(retentionDays) * UTCTime.millisecondsPerDay }

    /// The largest record a read can produce under the caps (header, ids, boxes, both images).
    var maxRecordSize: Int {
        Format.aligned(Format.headerSize + 1024 + 8 * 24 + maxCropBytes + maxContextBytes)
    }

    /// A segment holds its header, the largest record and the commit marker after it.
    var minimumSegmentSize: Int { Format.headerSize + maxRecordSize + Format.headerSize }

    /// Refuses a configuration that breaks policy or cannot hold a read.
    public func validate() throws(StoreError) {
        guard retentionDays >= 1 else {
            throw .invalidConfiguration("retentionDays is \(retentionDays); it must be at least 1")
        }
        guard retentionDays <= Self.maxRetentionDays else {
            throw .invalidConfiguration(
                "retentionDays is \(retentionDays); policy 10.05 section V allows at most \(Self.maxRetentionDays) days")
        }
        let imageLimit = 1 << 30
        guard (1...imageLimit).contains(maxCropBytes) else {
            throw .invalidConfiguration("maxCropBytes is \(maxCropBytes); it must be within 1...\(imageLimit)")
        }
        guard (0...imageLimit).contains(maxContextBytes) else {
            throw .invalidConfiguration("maxContextBytes is \(maxContextBytes); it must be within 0...\(imageLimit)")
        }
        let smallestSegment = Int64(minimumSegmentSize)
        guard segmentSize >= smallestSegment, segmentSize <= Format.segmentSizeRange.upperBound else {
            throw .invalidConfiguration(
                "segmentSize is \(segmentSize) bytes; it must be within \(smallestSegment)...\(Format.segmentSizeRange.upperBound) (hold the largest record and stay under 4 GiB)")
        }
        let counts = Format.segmentCountRange
        guard counts.contains(Int64(segmentCount)) else {
            throw .invalidConfiguration(
                "capacityBytes is \(capacityBytes): \(segmentCount) segment(s) of \(segmentSize) bytes; \(counts.lowerBound) to \(counts.upperBound) are allowed, so capacityBytes must be within \(counts.lowerBound * segmentSize)...\((counts.upperBound + 1) * segmentSize - 1)")
        }
    }
}
