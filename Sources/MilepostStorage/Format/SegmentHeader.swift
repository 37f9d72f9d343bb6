/// The first 64 bytes of every segment file: which lap of the ring it holds.
struct SegmentHeader: Equatable {
    var storeID: UInt64
    /// Global position of this segment's current lap: `lap * segmentCount + index + 1`.
    /// Strictly increases each time any segment is reused; records carry it as their salt.
    var generation: UInt64
    var index: UInt32
    var segmentCount: UInt32
    var segmentSize: UInt64
    /// The store's next sequence number when this lap of the segment began, so numbers
    /// are never reused even when every older record has been erased or overwritten.
    var firstSequence: UInt64

    func encode() -> [UInt8] {
        HeaderBlock.encode(magic: Format.segmentMagic) { w in
            w.u64(storeID)
            w.u64(generation)
            w.u32(index)
            w.u32(segmentCount)
            w.u64(segmentSize)
            w.u64(firstSequence)
        }
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> SegmentHeader {
        var r = try HeaderBlock.open(bytes, magic: Format.segmentMagic, name: "segment")
        try HeaderBlock.expectReservedZero(bytes, 48..<HeaderBlock.crcOffset, name: "segment")
        return SegmentHeader(
            storeID: try r.u64("segment store id"), generation: try r.u64("segment generation"),
            index: try r.u32("segment index"), segmentCount: try r.u32("segment count"),
            segmentSize: try r.u64("segment size"), firstSequence: try r.u64("segment first sequence"))
    }

    /// Why this header, though its CRC checks out, does not belong at position `index` of
    /// the store `metadata` describes; nil when it does.
    func mismatch(_ metadata: StoreMetadata, index expected: Int) -> String? {
        if storeID != metadata.storeID { return "store id \(storeID) is not this store's (\(metadata.storeID))" }
        if index != UInt32(expected) { return "index is \(index), the file is segment \(expected)" }
        if segmentCount != metadata.segmentCount { return "segment count is \(segmentCount), store.meta says \(metadata.segmentCount)" }
        if segmentSize != metadata.segmentSize { return "segment size is \(segmentSize), store.meta says \(metadata.segmentSize)" }
        if generation == 0 || (generation - 1) % UInt64(segmentCount) != UInt64(index) {
            return "generation \(generation) does not fit position \(index) of \(segmentCount)"
        }
        return nil
    }
}
