import MilepostCore

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
        /// A commit marker, no payload: the reads of `acknowledgedRange` were acknowledged.
        /// Written and synced after each group commit, before any append returns.
        case commit = 3
    }

    var kind: Kind
    var generation: UInt64
    var sequence: UInt64
    var captureTime: UTCTime
    var payloadLength: UInt32
    var plate: PlateKey

    /// A commit marker for the reads `range`: its capture-time field holds the range's
    /// first sequence, its sequence field the last.
    static func commitMarker(generation: UInt64, acknowledging range: ClosedRange<UInt64>) -> RecordHeader {
        RecordHeader(
            kind: .commit, generation: generation, sequence: range.upperBound,
            captureTime: UTCTime(millisecondsSinceEpoch: Int64(range.lowerBound)), payloadLength: 0, plate: PlateKey(bytes: []))
    }

    /// For a commit marker, the sequences it says were acknowledged.
    var acknowledgedRange: ClosedRange<UInt64> { UInt64(captureTime.millisecondsSinceEpoch)...sequence }

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

    /// Decodes and checks the header CRC (not the payload) and every field the spec fixes.
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
            throw DecodeError(field: "record kind", offset: 5, reason: "is \(kindByte), not 1 (read), 2 (erased) or 3 (commit)")
        }
        let plateLength = Int(try r.u8("record plate length"))
        try expectZero(try r.u8("record reserved"), "record reserved byte", offset: 7)
        let generation = try r.u64("record generation")
        let sequence = try r.u64("record sequence")
        let captureTime = UTCTime(millisecondsSinceEpoch: try r.i64("record capture time"))
        let payloadLength = try r.u32("record payload length")
        let plate = try r.raw(16, "record plate")
        try expectZero(try r.u32("record reserved"), "record reserved word", offset: 52)
        guard sequence >= 1 else { throw DecodeError(field: "record sequence", offset: 16, reason: "is 0; sequences start at 1") }
        let maxPlate = kind == .read ? StoredPlate.fieldBytes : 0
        guard plateLength <= maxPlate else {
            throw DecodeError(field: "record plate length", offset: 6, reason: "is \(plateLength), at most \(maxPlate) for kind \(kindByte)")
        }
        var key = PlateKey(bytes: [UInt8]())
        if kind == .read {
            switch StoredPlate.decode(plate.prefix(plateLength)) {
            case .success(let text): key = PlateKey(text)
            case .failure(let problem): throw DecodeError(field: "record plate", offset: 36, reason: problem.description)
            }
        }
        guard !plate[plateLength...].contains(where: { $0 != 0 }) else {
            throw DecodeError(field: "record plate", offset: 36 + plateLength, reason: "has non-zero bytes after its \(plateLength) characters")
        }
        if kind == .commit {
            guard payloadLength == 0 else {
                throw DecodeError(field: "record payload length", offset: 32, reason: "is \(payloadLength); a commit marker has no payload")
            }
            let first = captureTime.millisecondsSinceEpoch
            guard first >= 1, UInt64(first) <= sequence else {
                throw DecodeError(field: "commit marker first sequence", offset: 24, reason: "is \(first), must be within 1...\(sequence)")
            }
        }
        return RecordHeader(
            kind: kind, generation: generation, sequence: sequence, captureTime: captureTime,
            payloadLength: payloadLength, plate: key)
    }

    private static func expectZero<T: FixedWidthInteger>(_ value: T, _ field: String, offset: Int) throws(DecodeError) {
        guard value == 0 else { throw DecodeError(field: field, offset: offset, reason: "is \(value), must be 0") }
    }

    /// Checks that the bytes between the payload's end and the record's end are zero.
    static func checkPadding(_ record: ArraySlice<UInt8>, payloadLength: Int) throws(DecodeError) {
        let start = record.startIndex + Format.headerSize + payloadLength
        if let bad = record[start...].firstIndex(where: { $0 != 0 }) {
            throw DecodeError(field: "record padding", offset: bad - record.startIndex, reason: "is \(record[bad]), must be 0")
        }
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
