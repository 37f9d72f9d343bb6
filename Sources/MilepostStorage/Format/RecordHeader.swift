/// The 64-byte header in front of every record in a segment.
///
/// The index fields (sequence, capture time, plate) live in the header, under their own
/// CRC, so recovery can rebuild the index by hopping from header to header.
struct RecordHeader: Equatable {
    enum Kind: UInt8 {
        /// A stored read; the payload is a `ReadPayload`.
        case read = 1
        /// A read erased by the retention purge; the payload bytes are zero.
        case erased = 2
    }

    var kind: Kind
    var generation: UInt64
    var sequence: UInt64
    var captureTime: Timestamp
    var payloadLength: UInt32
    var plate: PlateKey

    /// Header plus payload, rounded up to the record alignment.
    var recordSize: Int { Format.aligned(Format.headerSize + Int(payloadLength)) }

    /// The whole record: header with both CRCs, then the payload.
    func encodeRecord(payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: recordSize)
        w.raw(Format.recordMagic)
        w.u8(UInt8(Format.version))
        w.u8(kind.rawValue)
        let plateBytes = plate.bytes
        w.u8(UInt8(plateBytes.count))
        w.u8(0)
        w.u64(generation)
        w.u64(sequence)
        w.i64(captureTime.millisecondsSinceEpoch)
        w.u32(payloadLength)
        w.raw(plateBytes)
        w.zeros(16 - plateBytes.count)
        w.u32(0)
        w.u32(CRC32C.checksum(w.bytes))
        w.u32(CRC32C.update(CRC32C.checksum(w.bytes), with: payload))
        w.raw(payload)
        w.zeros(recordSize - w.bytes.count)
        return w.bytes
    }

    /// Decodes and checks the header CRC (not the payload).
    static func decode(_ bytes: ArraySlice<UInt8>) throws(DecodeError) -> RecordHeader {
        let header = Array(bytes.prefix(Format.headerSize))
        guard header.count == Format.headerSize else {
            throw DecodeError(field: "record header", offset: 0, reason: "is \(header.count) bytes, expected \(Format.headerSize)")
        }
        var r = ByteReader(header)
        try r.expectMagic(Format.recordMagic, "record magic")
        try checkCRC(header, crcOffset: 56, field: "record header crc")
        let version = try r.u8("record version")
        guard version == UInt8(Format.version) else {
            throw DecodeError(field: "record version", offset: 4, reason: "is \(version); this build reads version \(Format.version)")
        }
        let kindByte = try r.u8("record kind")
        guard let kind = Kind(rawValue: kindByte) else {
            throw DecodeError(field: "record kind", offset: 5, reason: "is \(kindByte), not 1 (read) or 2 (erased)")
        }
        let plateLength = Int(try r.u8("record plate length"))
        _ = try r.u8("record reserved")
        let generation = try r.u64("record generation")
        let sequence = try r.u64("record sequence")
        let captureTime = Timestamp(millisecondsSinceEpoch: try r.i64("record capture time"))
        let payloadLength = try r.u32("record payload length")
        let plate = try r.raw(16, "record plate")
        guard plateLength <= 16 else {
            throw DecodeError(field: "record plate length", offset: 6, reason: "is \(plateLength), at most 16")
        }
        return RecordHeader(
            kind: kind, generation: generation, sequence: sequence, captureTime: captureTime,
            payloadLength: payloadLength, plate: PlateKey(bytes: plate.prefix(plateLength)))
    }

    /// Checks the record CRC over `record` (header followed by the payload).
    static func checkRecordCRC(_ record: ArraySlice<UInt8>, payloadLength: Int) throws(DecodeError) {
        guard record.count >= Format.headerSize + payloadLength else {
            throw DecodeError(field: "record payload", offset: Format.headerSize, reason: "is truncated")
        }
        let start = record.startIndex
        var r = ByteReader(record[start + 60..<start + 64])
        let stored = try r.u32("record crc")
        let crc = CRC32C.update(
            CRC32C.checksum(record[start..<start + 60]),
            with: record[start + Format.headerSize..<start + Format.headerSize + payloadLength])
        guard crc == stored else {
            throw DecodeError(field: "record crc", offset: 60, reason: "stored \(stored), computed \(crc): payload damaged")
        }
    }
}
