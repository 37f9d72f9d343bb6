/// The layout shared by the 64-byte store, segment and evidence headers (STORAGE-SPEC.md):
/// magic, version and header length, then the header's own fields, zero padding, and a
/// CRC32C in the last four bytes.
enum HeaderBlock {
    static let crcOffset = Format.headerSize - 4

    /// `fields` writes the header's own fields; `crcAlsoCovers` are bytes stored after the
    /// header that its CRC protects too (the evidence file's approval id).
    static func encode(magic: [UInt8], length: Int = Format.headerSize, crcAlsoCovers extra: [UInt8] = [],
                       fields: (inout ByteWriter) -> Void) -> [UInt8] {
        var w = ByteWriter(capacity: Format.headerSize)
        w.raw(magic)
        w.u16(Format.version)
        w.u16(UInt16(length))
        fields(&w)
        precondition(w.bytes.count <= crcOffset, "header fields overflow the 64-byte block")
        w.zeros(crcOffset - w.bytes.count)
        w.u32(CRC32C.update(CRC32C.checksum(w.bytes), with: extra[...]))
        return w.bytes
    }

    /// Checks the size, CRC (when it covers the header alone), magic, version and header
    /// length of a header called `name`; returns a reader at the header's own fields. The
    /// evidence header's length depends on its fields, so its decoder checks it.
    static func open(_ bytes: [UInt8], magic: [UInt8], name: String, crcCoversHeaderOnly: Bool = true) throws(DecodeError) -> ByteReader {
        guard bytes.count >= Format.headerSize else {
            throw DecodeError(field: "\(name) header", offset: 0, reason: "is \(bytes.count) bytes, expected \(Format.headerSize)")
        }
        if crcCoversHeaderOnly { try checkCRC(bytes, crcOffset: crcOffset, field: "\(name) header crc") }
        var r = ByteReader(bytes)
        try r.expectMagic(magic, "\(name) magic")
        let version = try r.u16("\(name) version")
        guard version == Format.version else {
            throw DecodeError(field: "\(name) version", offset: 4, reason: "is \(version); this build reads version \(Format.version)")
        }
        let length = Int(try r.u16("\(name) header length"))
        guard !crcCoversHeaderOnly || length == Format.headerSize else {
            throw DecodeError(field: "\(name) header length", offset: 6, reason: "is \(length), expected \(Format.headerSize)")
        }
        return r
    }

    /// Checks that reserved bytes are zero.
    static func expectReservedZero(_ bytes: [UInt8], _ range: Range<Int>, name: String) throws(DecodeError) {
        if let bad = bytes[range].firstIndex(where: { $0 != 0 }) {
            throw DecodeError(field: "\(name) reserved", offset: bad, reason: "is \(bytes[bad]), must be 0")
        }
    }
}
