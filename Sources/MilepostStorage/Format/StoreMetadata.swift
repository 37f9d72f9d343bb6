/// `store.meta`: the geometry of the ring, fixed when the store is created.
struct StoreMetadata: Equatable {
    var storeID: UInt64
    var segmentSize: UInt64
    var segmentCount: UInt32
    var createdAt: Timestamp

    func encode() -> [UInt8] {
        HeaderBlock.encode(magic: Format.storeMagic) { w in
            w.u64(storeID)
            w.u64(segmentSize)
            w.u32(segmentCount)
            w.u32(0)
            w.i64(createdAt.millisecondsSinceEpoch)
        }
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> StoreMetadata {
        var r = try HeaderBlock.open(bytes, magic: Format.storeMagic, name: "store.meta")
        let storeID = try r.u64("store.meta store id")
        let segmentSize = try r.u64("store.meta segment size")
        let segmentCount = try r.u32("store.meta segment count")
        _ = try r.u32("store.meta reserved")
        let createdAt = Timestamp(millisecondsSinceEpoch: try r.i64("store.meta created"))
        return StoreMetadata(storeID: storeID, segmentSize: segmentSize, segmentCount: segmentCount, createdAt: createdAt)
    }
}
