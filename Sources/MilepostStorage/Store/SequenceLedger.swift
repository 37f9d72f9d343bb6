/// Accounts for every sequence number while recovery walks the ring oldest first, and turns
/// damaged spans and sequence gaps into reported regions (STORAGE-SPEC.md, "Torn tail or
/// damage"): a missing sequence that a commit marker vouches for was acknowledged and is
/// lost; any other was never acknowledged.
struct SequenceLedger {
    let acknowledged: AcknowledgedSequences
    var acknowledgedThrough: UInt64 { acknowledged.highest }
    /// The highest sequence found missing so far.
    private(set) var highestMissing: UInt64 = 0
    /// The highest sequence accounted for; nil before the first record (older numbers were
    /// overwritten by the ring).
    private var accounted: UInt64?
    /// The highest sequence any record header that checked out carried.
    private(set) var highestSequence: UInt64 = 0
    private var spans: [(segment: Int, span: InvalidSpan)] = []
    private(set) var regions: [DamagedRegion] = []

    init(acknowledged: AcknowledgedSequences, start: UInt64?) {
        self.acknowledged = acknowledged
        accounted = start
    }

    mutating func damaged(segment: Int, _ span: InvalidSpan) {
        spans.append((segment, span))
        // A damaged record no marker vouches for settles with the next valid record, or
        // is part of the torn tail.
        guard let sequence = span.sequence, acknowledged.contains(sequence) else { return }
        if span.wasErased {
            settle(through: sequence - 1, segment: segment, offset: span.offset)
            account(sequence)
        } else {
            settle(through: sequence, segment: segment, offset: span.offset)
        }
    }

    mutating func valid(segment: Int, offset: Int, header: RecordHeader) {
        switch header.kind {
        case .commit: settle(through: header.sequence, segment: segment, offset: offset)
        case .read, .erased: settle(through: header.sequence - 1, segment: segment, offset: offset)
        }
        account(header.sequence)
    }

    /// Ends the walk. Spans after the last valid record cost the acknowledged reads that
    /// commit markers vouch for beyond it; if none, those in the head segment are the torn
    /// tail of an unacknowledged write.
    mutating func finish(headSegment: Int?) -> DamagedRegion? {
        if acknowledgedThrough > (accounted ?? 0) {
            settle(through: acknowledgedThrough, segment: spans.first?.segment ?? headSegment ?? 0,
                   offset: spans.first?.span.offset ?? Format.headerSize)
            return nil
        }
        let inHead = spans.filter { $0.segment == headSegment }
        let elsewhere = spans.filter { $0.segment != headSegment }
        for (segment, span) in elsewhere {
            regions.append(DamagedRegion(segment: segment, offset: span.offset, length: span.length, reason: span.reason))
        }
        spans.removeAll()
        guard let first = inHead.first, let last = inHead.last else { return nil }
        for (_, span) in inHead { if let sequence = span.sequence { highestSequence = max(highestSequence, sequence) } }
        return DamagedRegion(
            segment: first.segment, offset: first.span.offset, length: last.span.offset + last.span.length - first.span.offset,
            reason: first.span.reason)
    }

    /// Attributes the sequences after the accounted ones, through `last`, to the pending
    /// spans (or to a gap when there are none), split at the acknowledged mark.
    private mutating func settle(through last: UInt64, segment: Int, offset: Int) {
        var missing: ClosedRange<UInt64>?
        if let accounted, last > accounted { missing = (accounted + 1)...last }
        let (lost, skipped) = missing.map(acknowledged.split) ?? (nil, nil)
        if let missing { highestMissing = max(highestMissing, missing.upperBound) }
        if spans.isEmpty {
            if missing != nil {
                regions.append(DamagedRegion(
                    segment: segment, offset: offset, length: 0, lostSequences: lost, unacknowledgedSequences: skipped,
                    reason: "sequence gap before this record (records missing with no damaged bytes left)"))
            }
        } else {
            for (i, (spanSegment, span)) in spans.enumerated() {
                regions.append(DamagedRegion(
                    segment: spanSegment, offset: span.offset, length: span.length,
                    lostSequences: i == 0 ? lost : nil, unacknowledgedSequences: i == 0 ? skipped : nil, reason: span.reason))
            }
            spans.removeAll()
        }
        account(last)
    }

    private mutating func account(_ sequence: UInt64) {
        accounted = max(accounted ?? 0, sequence)
        highestSequence = max(highestSequence, sequence)
    }
}

/// The sequences the valid commit markers vouch for, as merged ranges.
struct AcknowledgedSequences {
    private(set) var ranges: [ClosedRange<UInt64>] = []

    init(_ markers: [ClosedRange<UInt64>]) {
        for range in markers.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = ranges.last, range.lowerBound <= last.upperBound &+ 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
    }

    var highest: UInt64 { ranges.last?.upperBound ?? 0 }

    func contains(_ sequence: UInt64) -> Bool { ranges.contains { $0.contains(sequence) } }

    /// The part of `missing` that markers vouch for (lost) and the part they do not (never
    /// acknowledged), each as the smallest range holding it.
    func split(_ missing: ClosedRange<UInt64>) -> (lost: ClosedRange<UInt64>?, skipped: ClosedRange<UInt64>?) {
        var covered: [ClosedRange<UInt64>] = []
        for range in ranges where range.overlaps(missing) { covered.append(range.clamped(to: missing)) }
        let lost = covered.first.map { $0.lowerBound...covered.last!.upperBound }
        var uncovered: [ClosedRange<UInt64>] = []
        var next = missing.lowerBound
        for range in covered {
            if range.lowerBound > next { uncovered.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
        }
        if next != 0, next <= missing.upperBound { uncovered.append(next...missing.upperBound) }
        let skipped = uncovered.first.map { $0.lowerBound...uncovered.last!.upperBound }
        return (lost, skipped)
    }
}
