import MilepostCore

/// A read as stored: its sequence number and contents.
public struct StoredRead: Hashable, Sendable {
    /// Monotonic over the store's whole life; never reused.
    public var sequence: UInt64
    public var read: PlateRead

    public init(sequence: UInt64, read: PlateRead) {
        self.sequence = sequence
        self.read = read
    }
}
