import MilepostCore

/// `store.meta`: the geometry of the ring, fixed when the store is created.
struct StoreMetadata: Equatable {
    var storeID: UInt64
    var segmentSize: UInt64
    var segmentCount: UInt32
    var createdAt: UTCTime

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
        let createdAt = UTCTime(millisecondsSinceEpoch: try r.i64("store.meta created"))
        try HeaderBlock.expectReservedZero(bytes, 28..<32, name: "store.meta")
        try HeaderBlock.expectReservedZero(bytes, 40..<HeaderBlock.crcOffset, name: "store.meta")
        guard Int64(exactly: segmentSize).map(Format.segmentSizeRange.contains) == true else {
            throw DecodeError(field: "store.meta segment size", offset: 16, reason: "is \(segmentSize), must be within \(Format.segmentSizeRange)")
        }
        guard Format.segmentCountRange.contains(Int64(segmentCount)) else {
            throw DecodeError(field: "store.meta segment count", offset: 24, reason: "is \(segmentCount), must be within \(Format.segmentCountRange)")
        }
        return StoreMetadata(storeID: storeID, segmentSize: segmentSize, segmentCount: segmentCount, createdAt: createdAt)
    }
}
