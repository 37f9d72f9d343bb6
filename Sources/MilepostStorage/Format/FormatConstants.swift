import Foundation

/// Numbers fixed by STORAGE-SPEC.md.
enum Format {
    static let version: UInt16 = 1
    /// Store metadata, segment headers, record headers and evidence headers are 64 bytes.
    static let headerSize = 64
    /// Records start on 16-byte boundaries so a recovery scan can resynchronise.
    static let recordAlignment = 16

    /// Segment files are named with five digits.
    static let segmentCountRange: ClosedRange<Int64> = 2...100_000
    /// A segment holds its header, a record and a commit marker; offsets are 32-bit.
    static let segmentSizeRange: ClosedRange<Int64> = 256...Int64(UInt32.max)

    static let storeMagic: [UInt8] = Array("MPST".utf8)
    static let segmentMagic: [UInt8] = Array("MPSG".utf8)
    static let recordMagic: [UInt8] = Array("MPRD".utf8)
    static let evidenceMagic: [UInt8] = Array("MPEV".utf8)
    static let uploadCursorMagic: [UInt8] = Array("MPUC".utf8)

    static func aligned(_ size: Int) -> Int {
        (size + recordAlignment - 1) / recordAlignment * recordAlignment
    }
}

extension ByteReader {
    mutating func expectMagic(_ magic: [UInt8], _ field: String) throws(DecodeError) {
        let start = offset
        let found = try raw(4, field)
        guard found == magic else {
            throw DecodeError(field: field, offset: start, reason: "is \(found), expected \(String(decoding: magic, as: UTF8.self))")
        }
    }
}

/// Checks the CRC32C stored at `crcOffset` over `bytes[0..<crcOffset]` (plus `extra`).
func checkCRC(_ bytes: [UInt8], crcOffset: Int, field: String, extra: ArraySlice<UInt8> = []) throws(DecodeError) {
    var reader = ByteReader(bytes[crcOffset..<crcOffset + 4])
    let stored = try reader.u32(field)
    let computed = CRC32C.update(CRC32C.checksum(bytes[0..<crcOffset]), with: extra)
    guard stored == computed else {
        throw DecodeError(field: field, offset: crcOffset, reason: String(format: "CRC32C is %08x, computed %08x", stored, computed))
    }
}
