/// Little-endian field reader that reports the offset and field name of a short read.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from offset: Int, to end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    var remaining: Int { end - offset }

    mutating func take(_ count: Int, _ field: String) throws(WeightsFileError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= end - offset else { throw .truncated(offset: offset, field: field) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func u8(_ field: String) throws(WeightsFileError) -> Int { Int(try take(1, field).first!) }

    mutating func i8(_ field: String) throws(WeightsFileError) -> Int8 { Int8(bitPattern: try take(1, field).first!) }

    mutating func u16(_ field: String) throws(WeightsFileError) -> Int {
        let s = try take(2, field)
        return Int(s[s.startIndex]) | Int(s[s.startIndex + 1]) << 8
    }

    mutating func u32(_ field: String) throws(WeightsFileError) -> UInt32 {
        let s = try take(4, field)
        var v: UInt32 = 0
        for (i, b) in s.enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return v
    }

    mutating func i32(_ field: String) throws(WeightsFileError) -> Int32 { Int32(bitPattern: try u32(field)) }

    mutating func int8Array(_ count: Int, _ field: String) throws(WeightsFileError) -> [Int8] {
        try take(count, field).map { Int8(bitPattern: $0) }
    }

    mutating func int32Array(_ count: Int, _ field: String) throws(WeightsFileError) -> [Int32] {
        guard count >= 0, count * 4 <= remaining else { throw .truncated(offset: offset, field: field) }
        var out = [Int32]()
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try i32(field)) }
        return out
    }
}
