import MilepostCore

/// The header of an evidence file: the hold, then a byte-exact copy of the ring record.
struct EvidenceHeader: Equatable {
    var sequence: UInt64
    var heldAt: UTCTime
    var recordLength: UInt32
    var approvalID: String

    func encode(record: [UInt8]) -> [UInt8] {
        let approval = Array(approvalID.utf8)
        let header = HeaderBlock.encode(magic: Format.evidenceMagic, length: Format.headerSize + approval.count,
                                        crcAlsoCovers: approval) { w in
            w.u64(sequence)
            w.i64(heldAt.millisecondsSinceEpoch)
            w.u32(recordLength)
            w.u16(UInt16(approval.count))
        }
        return header + approval + record
    }

    /// Decodes an evidence file, checking its CRC; returns the header and the record bytes.
    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> (EvidenceHeader, ArraySlice<UInt8>) {
        var r = try HeaderBlock.open(bytes, magic: Format.evidenceMagic, name: "evidence", crcCoversHeaderOnly: false)
        let sequence = try r.u64("evidence sequence")
        let heldAt = UTCTime(millisecondsSinceEpoch: try r.i64("evidence held at"))
        let recordLength = try r.u32("evidence record length")
        let approvalLength = Int(try r.u16("evidence approval length"))
        let headerLength = Int(bytes[6]) | Int(bytes[7]) << 8
        guard headerLength == Format.headerSize + approvalLength else {
            throw DecodeError(field: "evidence header length", offset: 6,
                              reason: "is \(headerLength), expected \(Format.headerSize + approvalLength) (64 + approval id)")
        }
        guard bytes.count >= Format.headerSize + approvalLength + Int(recordLength) else {
            throw DecodeError(field: "evidence file", offset: 0, reason: "is truncated")
        }
        let approval = bytes[Format.headerSize..<Format.headerSize + approvalLength]
        try checkCRC(Array(bytes[0..<Format.headerSize]), crcOffset: HeaderBlock.crcOffset, field: "evidence header crc", extra: approval)
        let header = EvidenceHeader(
            sequence: sequence, heldAt: heldAt, recordLength: recordLength,
            approvalID: String(decoding: approval, as: UTF8.self))
        let start = Format.headerSize + approvalLength
        return (header, bytes[start..<start + Int(recordLength)])
    }
}
