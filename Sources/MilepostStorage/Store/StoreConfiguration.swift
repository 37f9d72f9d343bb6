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

    public var segmentCount: Int { Int(capacityBytes / segmentSize) }
    var retentionMilliseconds: Int64 { Int64(retentionDays) * Timestamp.millisecondsPerDay }

    /// The largest record a read can produce under the caps (header, ids, boxes, both images).
    var maxRecordSize: Int {
        Format.aligned(Format.headerSize + 1024 + 8 * 24 + maxCropBytes + maxContextBytes)
    }

    /// Refuses a configuration that breaks policy or cannot hold a read.
    public func validate() throws(StoreError) {
        guard retentionDays >= 1 else {
            throw .invalidConfiguration("retentionDays is \(retentionDays); it must be at least 1")
        }
        guard retentionDays <= Self.maxRetentionDays else {
            throw .invalidConfiguration(
                "retentionDays is \(retentionDays); policy 10.05 section V allows at most \(Self.maxRetentionDays) days")
        }
        guard maxCropBytes > 0, maxContextBytes >= 0 else {
            throw .invalidConfiguration("maxCropBytes must be positive and maxContextBytes not negative")
        }
        guard segmentSize >= Int64(Format.headerSize + maxRecordSize), segmentSize <= Int64(UInt32.max) else {
            throw .invalidConfiguration(
                "segmentSize is \(segmentSize) bytes; it must hold the largest record (\(Format.headerSize + maxRecordSize) bytes) and be under 4 GiB")
        }
        guard segmentCount >= 2 else {
            throw .invalidConfiguration(
                "capacityBytes \(capacityBytes) gives \(segmentCount) segment(s) of \(segmentSize) bytes; at least 2 are needed")
        }
    }
}
