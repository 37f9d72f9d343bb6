import MilepostCore

/// A run of one unit's stored reads, in sequence order, as forwarded to the department server
/// (docs/server-ingest.md). Reads may skip sequences (the ring overwrote them before upload:
/// `overwrittenBeforeUpload` counts them) but never go backwards.
public struct ReadBatch: Hashable, Sendable {
    public var unitID: UnitID
    public var reads: [SequencedRead]
    /// Reads between the previous batch and this one that the unit's ring overwrote before
    /// they were uploaded, counted so the server's totals stay honest.
    public var overwrittenBeforeUpload: UInt64

    public init(unitID: UnitID, reads: [SequencedRead], overwrittenBeforeUpload: UInt64 = 0) {
        self.unitID = unitID
        self.reads = reads
        self.overwrittenBeforeUpload = overwrittenBeforeUpload
    }

    public var firstSequence: UInt64? { reads.first?.sequence }
    public var lastSequence: UInt64? { reads.last?.sequence }
}

/// The server's answer to a batch: every read of `unitID` up to `storedThrough` is durably
/// stored (committed); the unit may advance its upload cursor to it, and no further.
public struct IngestAcknowledgement: Codable, Hashable, Sendable {
    public var unitID: UnitID
    public var storedThrough: UInt64
    /// How many reads of the batch were new (the rest were already stored: a resend).
    public var newlyStored: Int

    public init(unitID: UnitID, storedThrough: UInt64, newlyStored: Int) {
        self.unitID = unitID
        self.storedThrough = storedThrough
        self.newlyStored = newlyStored
    }

    enum CodingKeys: String, CodingKey { case unitID = "unit", storedThrough, newlyStored }
}
