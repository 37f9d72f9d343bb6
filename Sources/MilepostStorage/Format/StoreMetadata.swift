/// `store.meta`: the geometry of the ring, fixed when the store is created.
struct StoreMetadata: Equatable {
    var storeID: UInt64
    var segmentSize: UInt64
    var segmentCount: UInt32
    var createdAt: Timestamp

    func encode() -> [UInt8] {
        var w = ByteWriter(capacity: Format.headerSize)
        w.raw(Format.storeMagic)
        w.u16(Format.version)
        w.u16(UInt16(Format.headerSize))
        w.u64(storeID)
        w.u64(segmentSize)
        w.u32(segmentCount)
        w.u32(0)
        w.i64(createdAt.millisecondsSinceEpoch)
        w.zeros(20)
        w.u32(CRC32C.checksum(w.bytes))
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> StoreMetadata {
        guard bytes.count >= Format.headerSize else {
            throw DecodeError(field: "store.meta", offset: 0, reason: "is \(bytes.count) bytes, expected \(Format.headerSize)")
        }
        try checkCRC(bytes, crcOffset: 60, field: "store.meta crc")
        var r = ByteReader(bytes)
        try r.expectMagic(Format.storeMagic, "store.meta magic")
        let version = try r.u16("store.meta version")
        guard version == Format.version else {
            throw DecodeError(field: "store.meta version", offset: 4, reason: "is \(version); this build reads version \(Format.version)")
        }
        _ = try r.u16("store.meta header size")
        let storeID = try r.u64("store.meta store id")
        let segmentSize = try r.u64("store.meta segment size")
        let segmentCount = try r.u32("store.meta segment count")
        _ = try r.u32("store.meta reserved")
        let createdAt = Timestamp(millisecondsSinceEpoch: try r.i64("store.meta created"))
        return StoreMetadata(storeID: storeID, segmentSize: segmentSize, segmentCount: segmentCount, createdAt: createdAt)
    }
}
