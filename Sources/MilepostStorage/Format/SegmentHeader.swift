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
        return SegmentHeader(
            storeID: try r.u64("segment store id"), generation: try r.u64("segment generation"),
            index: try r.u32("segment index"), segmentCount: try r.u32("segment count"),
            segmentSize: try r.u64("segment size"), firstSequence: try r.u64("segment first sequence"))
    }
}
