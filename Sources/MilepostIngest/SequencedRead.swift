import MilepostCore

/// A read as a unit's store numbered it: `sequence` increases by one per stored read, per
/// unit, and with the unit id keys the read everywhere it is forwarded.
public struct SequencedRead: Hashable, Sendable {
    public var sequence: UInt64
    public var read: PlateRead

    public init(sequence: UInt64, read: PlateRead) {
        self.sequence = sequence
        self.read = read
    }
}
