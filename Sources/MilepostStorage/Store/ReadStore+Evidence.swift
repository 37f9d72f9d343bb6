import MilepostSystem
import SystemPackage

/// Evidence files: `evidence/<sequence>.hold`, written whole under a temporary name,
/// synced, renamed and the directory synced, so a hold is either complete or absent.
enum Evidence {
    static func fileName(_ sequence: UInt64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".hold"
    }

    /// Reads and checks an evidence file: its header CRC and the copied record's CRCs.
    static func readFile(_ path: String, fileSystem: any FileSystem) throws -> (EvidenceHeader, ArraySlice<UInt8>) {
        let bytes = try fileSystem.readWholeFile(path)
        let (header, record) = try EvidenceHeader.decode(bytes)
        let recordHeader = try RecordHeader.decode(record)
        try RecordHeader.checkRecordCRC(record, payloadLength: Int(recordHeader.payloadLength))
        guard recordHeader.sequence == header.sequence else {
            throw DecodeError(field: "evidence record sequence", offset: 0, reason: "is \(recordHeader.sequence), hold is for \(header.sequence)")
        }
        return (header, record)
    }
}

extension ReadStore {
    /// Copies a live read into the evidence area, where neither the ring nor the retention
    /// purge touches it, and records the approval. Returns once the copy is durable.
    /// The approval itself is checked by the service before calling.
    @discardableResult
    public func hold(sequence: UInt64, approvalID: String) throws(StoreError) -> EvidenceHold {
        guard !approvalID.isEmpty, approvalID.utf8.count <= 256 else {
            throw .invalidRead(field: "approvalID", problem: "must be 1 to 256 bytes")
        }
        let cutoff = retentionCutoff
        condition.lock()
        defer { condition.unlock() }
        try checkWritable()
        guard holds[sequence] == nil else { throw .alreadyHeld(sequence: sequence) }
        guard let position = index.position(ofSequence: sequence), let entry = index.entry(at: position),
              !entry.erased, entry.captureTime >= cutoff
        else { throw .notFound(sequence: sequence) }
        let location = Location(entry: entry, generation: segments[Int(entry.segment)].generation)
        condition.unlock()
        let loaded: (RecordHeader, [UInt8])?
        do throws(StoreError) {
            loaded = try loadRecord(location)
        } catch {
            condition.lock()
            throw error
        }
        condition.lock()
        guard let (header, bytes) = loaded else { throw .notFound(sequence: sequence) }
        let record = Array(bytes[0..<Format.headerSize + Int(header.payloadLength)])
        let hold = EvidenceHold(sequence: sequence, approvalID: approvalID, heldAt: clock.now())
        let contents = EvidenceHeader(sequence: sequence, heldAt: hold.heldAt, recordLength: UInt32(record.count), approvalID: approvalID)
            .encode(record: record)
        do throws(FileError) {
            try fileSystem.replaceAtomically(evidenceDirectory + "/" + Evidence.fileName(sequence), with: contents)
        } catch {
            throw StoreError.fromWrite(error)
        }
        holds[sequence] = hold
        return hold
    }

    /// Deletes a read's evidence copy. Returns once the deletion is durable.
    public func release(sequence: UInt64, approvalID: String) throws(StoreError) -> HoldRelease {
        condition.lock()
        defer { condition.unlock() }
        try checkWritable()
        guard holds[sequence] != nil else { throw .notHeld(sequence: sequence) }
        do throws(FileError) {
            try fileSystem.removeDurably(evidenceDirectory + "/" + Evidence.fileName(sequence))
        } catch {
            throw StoreError.fromWrite(error)
        }
        holds[sequence] = nil
        return HoldRelease(sequence: sequence, approvalID: approvalID, releasedAt: clock.now())
    }

    /// Every hold, by sequence number.
    public func heldReads() -> [EvidenceHold] {
        condition.lock()
        defer { condition.unlock() }
        return holds.values.sorted { $0.sequence < $1.sequence }
    }

    /// The evidence copy of a held read, checked.
    public func evidence(sequence: UInt64) throws(StoreError) -> (EvidenceHold, StoredRead) {
        condition.lock()
        let hold = holds[sequence]
        condition.unlock()
        guard let hold else { throw .notHeld(sequence: sequence) }
        let path = evidenceDirectory + "/" + Evidence.fileName(sequence)
        do {
            let (_, record) = try Evidence.readFile(path, fileSystem: fileSystem)
            let header = try RecordHeader.decode(record)
            let start = record.startIndex + Format.headerSize
            let read = try ReadPayload.decode(record[start..<start + Int(header.payloadLength)], header: header)
            return (hold, StoredRead(sequence: sequence, read: read))
        } catch let error as FileError {
            throw .ioFailed(error)
        } catch let error as DecodeError {
            throw .damaged(path: path, error)
        } catch {
            throw .ioFailed(FileError("read", path: path, errno: .ioError))
        }
    }
}
