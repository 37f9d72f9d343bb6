/// A record found by a scan: where it is and what its header says.
struct ScannedRecord {
    var header: RecordHeader
    var offset: Int
}

/// Bytes of a segment that are not a valid record where one could be.
struct InvalidSpan {
    var offset: Int
    var length: Int
    var reason: String
    /// The sequence of the record here, when its header checks out but its payload does not.
    var sequence: UInt64? = nil
    /// True when that record is an erased one: its damage costs no read.
    var wasErased = false
}

/// What one segment holds, in on-disk order.
struct SegmentScan {
    enum Element {
        case record(ScannedRecord)
        case invalid(InvalidSpan)
    }

    var elements: [Element] = []
    /// Where the next record would go: just after the last valid record or commit marker.
    var end: Int = Format.headerSize

    var records: [ScannedRecord] {
        elements.compactMap { if case .record(let record) = $0 { return record } else { return nil } }
    }
}

/// Walks a segment's bytes record by record, checking both CRCs, the lap salt and the
/// padding. A record whose header checks out but whose payload does not is stepped over
/// by its length; any other invalid spot is skipped by resynchronising on the 16-byte grid.
/// Zero bytes after the last valid record are the segment's unused space, not a span.
enum SegmentScanner {
    static func scan(_ bytes: [UInt8], generation: UInt64, after previousSequence: UInt64) -> SegmentScan {
        var result = SegmentScan()
        var offset = Format.headerSize
        var lastSequence = previousSequence
        var pending: InvalidSpan?

        func closePending(at end: Int) {
            guard var span = pending else { return }
            span.length = end - span.offset
            result.elements.append(.invalid(span))
            pending = nil
        }

        while offset + Format.headerSize <= bytes.count {
            switch check(bytes, at: offset, generation: generation, after: lastSequence) {
            case .valid(let header, let paddingProblem):
                closePending(at: offset)
                result.elements.append(.record(ScannedRecord(header: header, offset: offset)))
                if header.kind != .commit { lastSequence = header.sequence }
                if let paddingProblem {
                    let padding = offset + Format.headerSize + Int(header.payloadLength)
                    result.elements.append(.invalid(InvalidSpan(
                        offset: padding, length: offset + header.recordSize - padding, reason: paddingProblem)))
                }
                offset += header.recordSize
                result.end = offset
            case .damagedPayload(let header, let reason):
                closePending(at: offset)
                result.elements.append(.invalid(InvalidSpan(
                    offset: offset, length: header.recordSize, reason: reason,
                    sequence: header.kind == .commit ? nil : header.sequence, wasErased: header.kind == .erased)))
                if header.kind != .commit { lastSequence = header.sequence }
                offset += header.recordSize
            case .invalid(let reason):
                if pending == nil { pending = InvalidSpan(offset: offset, length: 0, reason: reason) }
                offset = nextCandidate(bytes, after: offset)
            }
        }
        if let span = pending {
            // Zeros around trailing bytes are unused space: the span covers the non-zero ones.
            if let first = bytes[span.offset...].firstIndex(where: { $0 != 0 }),
               let last = bytes[span.offset...].lastIndex(where: { $0 != 0 }) {
                let start = max(span.offset, first / Format.recordAlignment * Format.recordAlignment)
                if start > span.offset { pending = InvalidSpan(offset: start, length: 0, reason: "non-zero bytes in unused space") }
                closePending(at: min(bytes.count, Format.aligned(last + 1)))
            }
        }
        return result
    }

    enum Check {
        case valid(RecordHeader, paddingProblem: String?)
        /// The header checks out (so its length and sequence are right); the payload does not.
        case damagedPayload(RecordHeader, String)
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
            return .invalid("record from another lap (generation \(header.generation), segment is \(generation))")
        }
        guard header.kind == .commit || header.sequence > lastSequence else {
            return .invalid("sequence \(header.sequence) does not follow \(lastSequence)")
        }
        guard offset + header.recordSize <= bytes.count else {
            return .invalid("record of \(header.recordSize) bytes runs past the segment end")
        }
        let record = bytes[offset..<offset + header.recordSize]
        do throws(DecodeError) {
            try RecordHeader.checkRecordCRC(record, payloadLength: Int(header.payloadLength))
        } catch {
            let what = header.kind == .read ? "read" : header.kind == .erased ? "erased read" : "commit marker for"
            return .damagedPayload(header, "\(what) \(header.sequence): \(error)")
        }
        do throws(DecodeError) {
            try RecordHeader.checkPadding(record, payloadLength: Int(header.payloadLength))
        } catch {
            return .valid(header, paddingProblem: "read \(header.sequence) is intact but its \(error)")
        }
        return .valid(header, paddingProblem: nil)
    }

    /// The lap of a segment whose header is damaged, from its records: the highest
    /// generation among record headers that check out and belong to this position.
    static func inferGeneration(_ bytes: [UInt8], index: Int, segmentCount: Int) -> UInt64? {
        var best: UInt64?
        var offset = Format.headerSize
        while offset + Format.headerSize <= bytes.count {
            if let header = try? RecordHeader.decode(bytes[offset..<offset + Format.headerSize]),
               header.generation > 0, (header.generation - 1) % UInt64(segmentCount) == UInt64(index) {
                best = max(best ?? 0, header.generation)
            }
            offset = nextCandidate(bytes, after: offset)
        }
        return best
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
