/// The first 64 bytes of every segment file: which lap of the ring it holds.
struct SegmentHeader: Equatable {
    var storeID: UInt64
    /// Global position of this segment's current lap: `lap * segmentCount + index + 1`.
    /// Strictly increases each time any segment is reused; records carry it as their salt.
    var generation: UInt64
    var index: UInt32
    var segmentCount: UInt32
    var segmentSize: UInt64

    func encode() -> [UInt8] {
        var w = ByteWriter(capacity: Format.headerSize)
        w.raw(Format.segmentMagic)
        w.u16(Format.version)
        w.u16(UInt16(Format.headerSize))
        w.u64(storeID)
        w.u64(generation)
        w.u32(index)
        w.u32(segmentCount)
        w.u64(segmentSize)
        w.zeros(20)
        w.u32(CRC32C.checksum(w.bytes))
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> SegmentHeader {
        guard bytes.count >= Format.headerSize else {
            throw DecodeError(field: "segment header", offset: 0, reason: "is \(bytes.count) bytes, expected \(Format.headerSize)")
        }
        try checkCRC(bytes, crcOffset: 60, field: "segment header crc")
        var r = ByteReader(bytes)
        try r.expectMagic(Format.segmentMagic, "segment magic")
        let version = try r.u16("segment version")
        guard version == Format.version else {
            throw DecodeError(field: "segment version", offset: 4, reason: "is \(version); this build reads version \(Format.version)")
        }
        _ = try r.u16("segment header size")
        return SegmentHeader(
            storeID: try r.u64("segment store id"), generation: try r.u64("segment generation"),
            index: try r.u32("segment index"), segmentCount: try r.u32("segment count"),
            segmentSize: try r.u64("segment size"))
    }
}
