/// Appends little-endian fields to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { littleEndian(value) }
    mutating func u32(_ value: UInt32) { littleEndian(value) }
    mutating func u64(_ value: UInt64) { littleEndian(value) }
    mutating func i32(_ value: Int32) { littleEndian(UInt32(bitPattern: value)) }
    mutating func i64(_ value: Int64) { littleEndian(UInt64(bitPattern: value)) }
    mutating func f32(_ value: Float) { littleEndian(value.bitPattern) }
    mutating func raw(_ value: [UInt8]) { bytes += value }
    mutating func zeros(_ count: Int) { bytes += repeatElement(0, count: count) }

    /// A string as a u16 byte length then its UTF-8 bytes.
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        u16(UInt16(utf8.count))
        raw(utf8)
    }

    /// A blob as a u32 byte length then its bytes.
    mutating func blob(_ value: [UInt8]) {
        u32(UInt32(value.count))
        raw(value)
    }

    private mutating func littleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}

/// Why a byte sequence could not be decoded: the field and the offset.
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let field: String
    public let offset: Int
    public let reason: String

    public var description: String { "\(field) at byte \(offset): \(reason)" }
}

/// Reads little-endian fields from a byte slice, refusing to run past its end.
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    var remaining: Int { bytes.endIndex - position }
    var offset: Int { position - bytes.startIndex }

    mutating func u8(_ field: String) throws(DecodeError) -> UInt8 { try take(field) }
    mutating func u16(_ field: String) throws(DecodeError) -> UInt16 { try take(field) }
    mutating func u32(_ field: String) throws(DecodeError) -> UInt32 { try take(field) }
    mutating func u64(_ field: String) throws(DecodeError) -> UInt64 { try take(field) }
    mutating func i32(_ field: String) throws(DecodeError) -> Int32 { Int32(bitPattern: try take(field)) }
    mutating func i64(_ field: String) throws(DecodeError) -> Int64 { Int64(bitPattern: try take(field)) }
    mutating func f32(_ field: String) throws(DecodeError) -> Float { Float(bitPattern: try take(field)) }

    mutating func raw(_ count: Int, _ field: String) throws(DecodeError) -> [UInt8] {
        guard count >= 0, remaining >= count else {
            throw DecodeError(field: field, offset: offset, reason: "needs \(count) bytes, \(remaining) left")
        }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func string(_ field: String) throws(DecodeError) -> String {
        let start = offset
        let length = Int(try u16(field + " length"))
        let utf8 = try raw(length, field)
        guard let value = String(validating: utf8, as: UTF8.self) else {
            throw DecodeError(field: field, offset: start, reason: "not valid UTF-8")
        }
        return value
    }

    mutating func blob(_ field: String) throws(DecodeError) -> [UInt8] {
        let length = Int(try u32(field + " length"))
        return try raw(length, field)
    }

    private mutating func take<T: FixedWidthInteger>(_ field: String) throws(DecodeError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw DecodeError(field: field, offset: offset, reason: "needs \(size) bytes, \(remaining) left")
        }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[position + i]) << (8 * i) }
        position += size
        return value
    }
}
