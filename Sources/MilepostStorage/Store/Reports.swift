import MilepostCore

/// A stretch of a segment that holds no valid record where one was expected, or a gap in
/// the sequence numbers, and what it cost.
public struct DamagedRegion: Hashable, Sendable, CustomStringConvertible {
    public var segment: Int
    public var offset: Int
    public var length: Int
    /// Acknowledged reads that are gone (a commit marker vouches for them).
    public var lostSequences: ClosedRange<UInt64>?
    /// Reads that were being written when the power failed and never acknowledged: their
    /// numbers are skipped, nothing acknowledged is lost.
    public var unacknowledgedSequences: ClosedRange<UInt64>?
    public var reason: String

    public init(
        segment: Int, offset: Int, length: Int, lostSequences: ClosedRange<UInt64>? = nil,
        unacknowledgedSequences: ClosedRange<UInt64>? = nil, reason: String
    ) {
        self.segment = segment
        self.offset = offset
        self.length = length
        self.lostSequences = lostSequences
        self.unacknowledgedSequences = unacknowledgedSequences
        self.reason = reason
    }

    public var description: String {
        var cost = lostSequences.map { "reads \($0.lowerBound)...\($0.upperBound) (\($0.count) read(s)) lost" }
            ?? "no acknowledged read lost"
        if let skipped = unacknowledgedSequences {
            cost += "; unacknowledged reads \(skipped.lowerBound)...\(skipped.upperBound) not stored"
        }
        return "segment \(segment) offset \(offset) length \(length): \(reason); \(cost)"
    }
}

/// What recovery found when the store was opened.
public struct RecoveryReport: Sendable, CustomStringConvertible {
    public var segmentsScanned = 0
    public var segmentsInUse = 0
    public var readsRecovered = 0
    public var erasedRecords = 0
    /// Damage to written data: skipped, every intact record around it kept. Each region
    /// names the acknowledged reads it cost, if any.
    public var damage: [DamagedRegion] = []
    /// Bytes after the last valid record or marker that are no complete record: the unfinished
    /// write of an append that was never acknowledged. Costs no acknowledged read.
    public var tornTail: DamagedRegion?
    /// Segment headers that failed their checks. Each line says what recovery used instead
    /// (the lap taken from the segment's records) or that the segment holds no records.
    public var damagedSegmentHeaders: [String] = []
    /// Set when `store.meta` failed its checks and the geometry was taken from the segment
    /// headers instead.
    public var damagedMetadata: String?
    public var holdsLoaded = 0
    /// Evidence files that failed their checks (left on disk for an investigator).
    public var damagedEvidence: [String] = []
    /// Half-written evidence files from an interrupted hold (never acknowledged), removed.
    public var abandonedHoldFiles = 0
    public var newestSequence: UInt64?
    /// The highest sequence any commit marker vouches for.
    public var acknowledgedThrough: UInt64?

    public init() {}

    /// Every acknowledged read that damage cost, as sequence ranges, oldest first.
    public var lostSequences: [ClosedRange<UInt64>] { damage.compactMap(\.lostSequences) }

    /// How many acknowledged reads damage cost.
    public var lostReadCount: Int { lostSequences.reduce(0) { $0 + $1.count } }

    /// Damage of any kind (even when it cost no read): `store verify` fails on it.
    public var problemCount: Int {
        damage.count + damagedSegmentHeaders.count + damagedEvidence.count + (damagedMetadata == nil ? 0 : 1)
    }

    public var description: String {
        var lines = [
            "recovered \(readsRecovered) read(s) from \(segmentsInUse) of \(segmentsScanned) segment(s); \(erasedRecords) purged record(s); \(holdsLoaded) hold(s)"
        ]
        if let newestSequence { lines.append("newest sequence \(newestSequence)") }
        if let damagedMetadata { lines.append("damaged store.meta: \(damagedMetadata)") }
        for region in damage { lines.append("damaged: \(region)") }
        for header in damagedSegmentHeaders { lines.append("damaged segment header: \(header)") }
        for evidence in damagedEvidence { lines.append("damaged evidence: \(evidence)") }
        if let tornTail {
            lines.append("torn tail ignored: segment \(tornTail.segment) offset \(tornTail.offset) length \(tornTail.length): "
                + "\(tornTail.reason); never acknowledged, no read lost")
        }
        if abandonedHoldFiles > 0 { lines.append("removed \(abandonedHoldFiles) unfinished hold file(s)") }
        return lines.joined(separator: "\n")
    }
}

/// What a retention purge did, for the service's audit log.
public struct PurgeReport: Sendable, Equatable, CustomStringConvertible {
    public var now: UTCTime
    /// Reads captured before this instant were erased.
    public var cutoff: UTCTime
    public var erasedCount: Int
    /// The capture times of the oldest and newest read this purge erased (nil when it erased none).
    public var erasedCaptureTimes: ClosedRange<UTCTime>?
    /// Held reads whose ring copy this purge erased: their evidence copies are kept, outside
    /// retention, until each hold is released.
    public var exemptedHolds: [EvidenceHold]
    /// The oldest read still stored after the purge (capture time and sequence).
    public var oldestRemaining: (sequence: UInt64, captureTime: UTCTime)?
    public var remainingCount: Int

    public static func == (a: PurgeReport, b: PurgeReport) -> Bool {
        a.now == b.now && a.cutoff == b.cutoff && a.erasedCount == b.erasedCount
            && a.erasedCaptureTimes == b.erasedCaptureTimes && a.exemptedHolds == b.exemptedHolds
            && a.remainingCount == b.remainingCount && a.oldestRemaining?.sequence == b.oldestRemaining?.sequence
            && a.oldestRemaining?.captureTime == b.oldestRemaining?.captureTime
    }

    public var description: String {
        let oldest = oldestRemaining.map { "oldest remaining read \($0.sequence) captured \($0.captureTime.format(fractionDigits: 3))" } ?? "no reads remain"
        var text = "purged \(erasedCount) read(s) captured before \(cutoff.format(fractionDigits: 3)); \(remainingCount) remain; \(oldest)"
        if !exemptedHolds.isEmpty { text += "; \(exemptedHolds.count) held read(s) kept in evidence" }
        return text
    }
}

/// A read kept in the evidence area.
public struct EvidenceHold: Sendable, Equatable {
    public var sequence: UInt64
    public var approvalID: String
    public var heldAt: UTCTime
}

/// Proof that a hold was released, for the service's audit log.
public struct HoldRelease: Sendable, Equatable {
    public var sequence: UInt64
    public var approvalID: String
    public var releasedAt: UTCTime
}

/// A summary of one segment, for `milepost store inspect`.
public struct SegmentSummary: Sendable {
    public var index: Int
    public var generation: UInt64?
    public var reads: Int
    public var usedBytes: Int
    public var isHead: Bool
}

/// A snapshot of the store's state.
public struct StoreStatistics: Sendable {
    public var segmentSize: Int64
    public var segments: [SegmentSummary]
    /// Reads within the retention period.
    public var liveReads: Int
    /// Reads past the retention period that no purge has erased yet (never returned).
    public var expiredReads: Int
    public var oldest: (sequence: UInt64, captureTime: UTCTime)?
    public var nextSequence: UInt64
    public var holds: Int
    public var readOnlyReason: String?
}
