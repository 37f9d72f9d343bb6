/// The header of an evidence file: the hold, then a byte-exact copy of the ring record.
struct EvidenceHeader: Equatable {
    var sequence: UInt64
    var heldAt: Timestamp
    var recordLength: UInt32
    var approvalID: String

    func encode(record: [UInt8]) -> [UInt8] {
        let approval = Array(approvalID.utf8)
        var w = ByteWriter(capacity: Format.headerSize + approval.count + record.count)
        w.raw(Format.evidenceMagic)
        w.u16(Format.version)
        w.u16(UInt16(Format.headerSize + approval.count))
        w.u64(sequence)
        w.i64(heldAt.millisecondsSinceEpoch)
        w.u32(recordLength)
        w.u16(UInt16(approval.count))
        w.zeros(30)
        w.u32(CRC32C.update(CRC32C.checksum(w.bytes), with: approval))
        w.raw(approval)
        w.raw(record)
        return w.bytes
    }

    /// Decodes an evidence file, checking its CRC; returns the header and the record bytes.
    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> (EvidenceHeader, ArraySlice<UInt8>) {
        guard bytes.count >= Format.headerSize else {
            throw DecodeError(field: "evidence header", offset: 0, reason: "is \(bytes.count) bytes, expected \(Format.headerSize)")
        }
        var r = ByteReader(bytes)
        try r.expectMagic(Format.evidenceMagic, "evidence magic")
        let version = try r.u16("evidence version")
        guard version == Format.version else {
            throw DecodeError(field: "evidence version", offset: 4, reason: "is \(version); this build reads version \(Format.version)")
        }
        _ = try r.u16("evidence header length")
        let sequence = try r.u64("evidence sequence")
        let heldAt = Timestamp(millisecondsSinceEpoch: try r.i64("evidence held at"))
        let recordLength = try r.u32("evidence record length")
        let approvalLength = Int(try r.u16("evidence approval length"))
        guard bytes.count >= Format.headerSize + approvalLength + Int(recordLength) else {
            throw DecodeError(field: "evidence file", offset: 0, reason: "is truncated")
        }
        let approval = bytes[Format.headerSize..<Format.headerSize + approvalLength]
        try checkCRC(Array(bytes[0..<Format.headerSize]), crcOffset: 60, field: "evidence header crc", extra: approval)
        let header = EvidenceHeader(
            sequence: sequence, heldAt: heldAt, recordLength: recordLength,
            approvalID: String(decoding: approval, as: UTF8.self))
        let start = Format.headerSize + approvalLength
        return (header, bytes[start..<start + Int(recordLength)])
    }
}
