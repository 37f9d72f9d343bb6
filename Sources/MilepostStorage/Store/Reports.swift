/// What recovery found when the store was opened.
public struct RecoveryReport: Sendable, CustomStringConvertible {
    public var segmentsScanned = 0
    public var segmentsInUse = 0
    public var readsRecovered = 0
    public var erasedRecords = 0
    /// Corruption in the middle of the ring: skipped, later records kept.
    public var damage: [DamagedRegion] = []
    /// The unfinished write after the newest record (ignored; never acknowledged).
    public var tornTail: DamagedRegion?
    /// Segment files whose header could not be read (their records are not used).
    public var damagedSegmentHeaders: [String] = []
    public var holdsLoaded = 0
    /// Evidence files that failed their checks (left on disk for an investigator).
    public var damagedEvidence: [String] = []
    /// Half-written evidence files from an interrupted hold (never acknowledged), removed.
    public var abandonedHoldFiles = 0
    public var newestSequence: UInt64?

    public var description: String {
        var lines = [
            "recovered \(readsRecovered) read(s) from \(segmentsInUse) of \(segmentsScanned) segment(s); \(erasedRecords) purged record(s); \(holdsLoaded) hold(s)"
        ]
        if let newestSequence { lines.append("newest sequence \(newestSequence)") }
        for region in damage { lines.append("damaged: \(region)") }
        for header in damagedSegmentHeaders { lines.append("damaged segment header: \(header)") }
        for evidence in damagedEvidence { lines.append("damaged evidence: \(evidence)") }
        if let tornTail { lines.append("torn tail ignored: segment \(tornTail.segment) offset \(tornTail.offset)") }
        if abandonedHoldFiles > 0 { lines.append("removed \(abandonedHoldFiles) unfinished hold file(s)") }
        return lines.joined(separator: "\n")
    }
}

/// What a retention purge did, for the service's audit log.
public struct PurgeReport: Sendable, Equatable, CustomStringConvertible {
    public var now: Timestamp
    /// Reads captured before this instant were erased.
    public var cutoff: Timestamp
    public var erasedCount: Int
    /// The oldest read still stored after the purge (capture time and sequence).
    public var oldestRemaining: (sequence: UInt64, captureTime: Timestamp)?
    public var remainingCount: Int

    public static func == (a: PurgeReport, b: PurgeReport) -> Bool {
        a.now == b.now && a.cutoff == b.cutoff && a.erasedCount == b.erasedCount
            && a.remainingCount == b.remainingCount && a.oldestRemaining?.sequence == b.oldestRemaining?.sequence
            && a.oldestRemaining?.captureTime == b.oldestRemaining?.captureTime
    }

    public var description: String {
        let oldest = oldestRemaining.map { "oldest remaining read \($0.sequence) captured \($0.captureTime)" } ?? "no reads remain"
        return "purged \(erasedCount) read(s) captured before \(cutoff); \(remainingCount) remain; \(oldest)"
    }
}

/// A read kept in the evidence area.
public struct EvidenceHold: Sendable, Equatable {
    public var sequence: UInt64
    public var approvalID: String
    public var heldAt: Timestamp
}

/// Proof that a hold was released, for the service's audit log.
public struct HoldRelease: Sendable, Equatable {
    public var sequence: UInt64
    public var approvalID: String
    public var releasedAt: Timestamp
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
    public var liveReads: Int
    public var oldest: (sequence: UInt64, captureTime: Timestamp)?
    public var nextSequence: UInt64
    public var holds: Int
    public var readOnlyReason: String?
}
