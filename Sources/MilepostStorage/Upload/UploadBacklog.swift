/// Reads the ring overwrote while they still waited for upload: how many, and the span of
/// their sequence numbers (which may include reads uploaded or erased in between).
public struct OverwrittenBeforeUpload: Equatable, Sendable, CustomStringConvertible {
    public var count: Int
    public var sequences: ClosedRange<UInt64>

    public init(count: Int, sequences: ClosedRange<UInt64>) {
        self.count = count
        self.sequences = sequences
    }

    init(adding sequence: UInt64, to earlier: OverwrittenBeforeUpload?) {
        self.init(merging: OverwrittenBeforeUpload(count: 1, sequences: sequence...sequence), into: earlier)
    }

    init(merging later: OverwrittenBeforeUpload, into earlier: OverwrittenBeforeUpload?) {
        guard let earlier else {
            self = later
            return
        }
        count = earlier.count + later.count
        sequences = min(earlier.sequences.lowerBound, later.sequences.lowerBound)...max(earlier.sequences.upperBound, later.sequences.upperBound)
    }

    public var description: String { "\(count) read(s) in sequences \(sequences.lowerBound)...\(sequences.upperBound)" }
}

/// The reads waiting for upload, and how close the ring is to overwriting them.
public struct UploadBacklog: Equatable, Sendable {
    /// Records after the upload mark (reads the retention purge erased among them included).
    public var waitingReads: Int
    /// The oldest waiting read's sequence.
    public var oldestWaitingSequence: UInt64?
    /// How much of the ring's capacity is written from the start of the segment holding the
    /// oldest waiting read to the tail, 0...1. The ring frees whole segments, so at 1 the next
    /// append overwrites waiting reads; 0 when none waits.
    public var fractionOfCapacity: Double

    public init(waitingReads: Int, oldestWaitingSequence: UInt64?, fractionOfCapacity: Double) {
        self.waitingReads = waitingReads
        self.oldestWaitingSequence = oldestWaitingSequence
        self.fractionOfCapacity = fractionOfCapacity
    }
}
