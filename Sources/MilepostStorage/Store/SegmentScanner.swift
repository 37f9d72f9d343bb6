/// A record found by a scan: where it is and what its header says.
struct ScannedRecord {
    var header: RecordHeader
    var offset: Int
}

/// A stretch of a segment that holds no valid record where one was expected.
public struct DamagedRegion: Hashable, Sendable, CustomStringConvertible {
    public var segment: Int
    public var offset: Int
    public var length: Int
    /// The sequence numbers that the damage cost, when the records on either side say.
    public var lostSequences: ClosedRange<UInt64>?
    public var reason: String

    public var description: String {
        let cost = lostSequences.map { "reads \($0.lowerBound)...\($0.upperBound) (\($0.count) read(s)) lost" }
            ?? "lost reads unknown"
        return "segment \(segment) offset \(offset) length \(length): \(reason); \(cost)"
    }
}

/// What one segment holds.
struct SegmentScan {
    var records: [ScannedRecord] = []
    /// Damage followed by at least one later valid record (corruption in the middle).
    var damage: [DamagedRegion] = []
    /// Where the next record would go: just after the last valid record.
    var end: Int = Format.headerSize
    /// Non-zero bytes after the last valid record (a torn or unfinished write), if any.
    var tornTail: DamagedRegion?
}

/// Walks a segment's bytes record by record, checking both CRCs and the lap salt,
/// and resynchronises on the 16-byte grid after damage.
enum SegmentScanner {
    static func scan(_ bytes: [UInt8], segment: Int, generation: UInt64, after previousSequence: UInt64) -> SegmentScan {
        var result = SegmentScan()
        var offset = Format.headerSize
        var lastSequence = previousSequence
        var pendingDamage: (offset: Int, reason: String)?

        while offset + Format.headerSize <= bytes.count {
            switch check(bytes, at: offset, generation: generation, after: lastSequence) {
            case .valid(let header):
                if let damage = pendingDamage {
                    let lost: ClosedRange<UInt64>? = header.sequence > lastSequence + 1
                        ? (lastSequence + 1)...(header.sequence - 1) : nil
                    result.damage.append(DamagedRegion(
                        segment: segment, offset: damage.offset, length: offset - damage.offset,
                        lostSequences: lost, reason: damage.reason))
                    pendingDamage = nil
                }
                result.records.append(ScannedRecord(header: header, offset: offset))
                lastSequence = header.sequence
                offset += header.recordSize
                result.end = offset
            case .invalid(let reason):
                if pendingDamage == nil { pendingDamage = (offset, reason) }
                offset = nextCandidate(bytes, after: offset)
            }
        }
        if let damage = pendingDamage {
            let tail = bytes[damage.offset...]
            if tail.contains(where: { $0 != 0 }) {
                result.tornTail = DamagedRegion(
                    segment: segment, offset: damage.offset, length: bytes.count - damage.offset,
                    lostSequences: nil, reason: "unfinished write after the last valid record (\(damage.reason))")
            }
        }
        return result
    }

    enum Check {
        case valid(RecordHeader)
        case invalid(String)
    }

    static func check(_ bytes: [UInt8], at offset: Int, generation: UInt64, after lastSequence: UInt64) -> Check {
        let header: RecordHeader
        do throws(DecodeError) {
            header = try RecordHeader.decode(bytes[offset..<offset + Format.headerSize])
        } catch {
            return .invalid(isZero(bytes[offset..<offset + Format.headerSize]) ? "no record (zeros)" : error.description)
        }
        guard header.generation == generation else {
            return .invalid("record from an earlier lap (generation \(header.generation), segment is \(generation))")
        }
        guard header.sequence > lastSequence else {
            return .invalid("sequence \(header.sequence) does not follow \(lastSequence)")
        }
        guard offset + header.recordSize <= bytes.count else {
            return .invalid("record of \(header.recordSize) bytes runs past the segment end")
        }
        do throws(DecodeError) {
            try RecordHeader.checkRecordCRC(bytes[offset..<offset + header.recordSize], payloadLength: Int(header.payloadLength))
        } catch {
            return .invalid("read \(header.sequence): \(error)")
        }
        return .valid(header)
    }

    /// The next 16-byte-aligned offset whose first bytes are the record magic.
    static func nextCandidate(_ bytes: [UInt8], after offset: Int) -> Int {
        var candidate = offset + Format.recordAlignment
        let m0 = Format.recordMagic[0], m1 = Format.recordMagic[1], m2 = Format.recordMagic[2], m3 = Format.recordMagic[3]
        while candidate + Format.headerSize <= bytes.count {
            if bytes[candidate] == m0 && bytes[candidate + 1] == m1 && bytes[candidate + 2] == m2 && bytes[candidate + 3] == m3 {
                return candidate
            }
            candidate += Format.recordAlignment
        }
        return bytes.count
    }

    static func isZero(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.contains(where: { $0 != 0 })
    }
}
