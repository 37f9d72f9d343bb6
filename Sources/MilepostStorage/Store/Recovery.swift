/// The state recovery hands to a new `ReadStore`.
struct Recovered {
    var segments: [ReadStore.SegmentSlot]
    var head: Int?
    var tail: Int
    var nextSequence: UInt64
    var index: ReadIndex
    var holds: [UInt64: EvidenceHold]
    var report: RecoveryReport
}

/// Rebuilds the ring state and index from what is on disk.
///
/// 1. Read every segment header; a segment is in use when its header checks out
///    (CRC, store id, index, and generation consistent with the index).
/// 2. Scan the segments in generation order (oldest first), checking every record's
///    header CRC, lap salt, sequence order and payload CRC, resynchronising after damage.
/// 3. The newest segment's last valid record is the newest record; anything after it is
///    a torn tail and is ignored. Damage before a later valid record is reported.
/// 4. Load the evidence holds.
enum Recovery {
    static func run(
        _ configuration: StoreConfiguration, metadata: StoreMetadata, fileSystem: any StorageFileSystem, readOnly: Bool
    ) throws(StoreError) -> Recovered {
        let count = Int(metadata.segmentCount)
        let size = Int(metadata.segmentSize)
        var report = RecoveryReport()
        var slots: [ReadStore.SegmentSlot] = []
        var inUse: [(index: Int, header: SegmentHeader)] = []
        var maxFirstSequence: UInt64 = 1

        for i in 0..<count {
            let path = StoreLayout.segmentPath(configuration.directory, i)
            let file: any StorageFile
            let header: [UInt8]
            do throws(FileError) {
                file = readOnly ? try fileSystem.openFileReadOnly(path) : try fileSystem.openFile(path, create: false)
                header = try file.readExactly(count: Format.headerSize, at: 0)
                let actualSize = try file.size()
                guard actualSize >= Int64(size) else {
                    throw FileError("fstat (segment is \(actualSize) bytes, expected \(size))", path: path, errno: .ioError)
                }
            } catch {
                throw .ioFailed(error)
            }
            report.segmentsScanned += 1
            var generation: UInt64 = 0
            if !SegmentScanner.isZero(header[...]) {
                do throws(DecodeError) {
                    let decoded = try SegmentHeader.decode(header)
                    if decoded.storeID != metadata.storeID || decoded.index != UInt32(i)
                        || decoded.generation == 0 || (decoded.generation - 1) % UInt64(count) != UInt64(i) {
                        report.damagedSegmentHeaders.append("\(path): header belongs to another store or position")
                    } else {
                        generation = decoded.generation
                        inUse.append((i, decoded))
                        maxFirstSequence = max(maxFirstSequence, decoded.firstSequence)
                    }
                } catch {
                    report.damagedSegmentHeaders.append("\(path): \(error)")
                }
            }
            slots.append(ReadStore.SegmentSlot(file: file, generation: generation))
        }

        inUse.sort { $0.header.generation < $1.header.generation }
        // Segments more than one lap behind the newest cannot hold live records.
        if let newest = inUse.last?.header.generation {
            inUse.removeAll { newest - $0.header.generation >= UInt64(count) }
        }
        report.segmentsInUse = inUse.count

        var index = ReadIndex()
        var lastSequence: UInt64 = 0
        var tail = Format.headerSize
        for (position, (i, header)) in inUse.enumerated() {
            let bytes: [UInt8]
            do throws(FileError) {
                bytes = try slots[i].file.readExactly(count: size, at: 0)
            } catch {
                throw .ioFailed(error)
            }
            let scan = SegmentScanner.scan(bytes, segment: i, generation: header.generation, after: lastSequence)
            if let first = scan.records.first, lastSequence > 0, first.header.sequence > lastSequence + 1 {
                report.damage.append(DamagedRegion(
                    segment: i, offset: Format.headerSize, length: 0,
                    lostSequences: (lastSequence + 1)...(first.header.sequence - 1),
                    reason: "sequence gap between segments (lost at the end of the previous segment)"))
            }
            for record in scan.records {
                let h = record.header
                if h.kind == .erased {
                    report.erasedRecords += 1
                } else {
                    index.append(IndexEntry(
                        sequence: h.sequence, captureTime: h.captureTime.millisecondsSinceEpoch, segment: UInt32(i),
                        offset: UInt32(record.offset), size: UInt32(h.recordSize), erased: false), plate: h.plate)
                    report.readsRecovered += 1
                }
                lastSequence = h.sequence
            }
            report.damage += scan.damage
            let isHead = position == inUse.count - 1
            if isHead {
                tail = scan.end
                report.tornTail = scan.tornTail
            } else if let torn = scan.tornTail {
                report.damage.append(torn)
            }
        }
        report.newestSequence = lastSequence > 0 ? lastSequence : nil
        let nextSequence = max(lastSequence + 1, maxFirstSequence)

        let holds = try loadHolds(configuration, fileSystem: fileSystem, readOnly: readOnly, report: &report)
        return Recovered(
            segments: slots, head: inUse.last?.index, tail: tail, nextSequence: nextSequence,
            index: index, holds: holds, report: report)
    }

    static func loadHolds(
        _ configuration: StoreConfiguration, fileSystem: any StorageFileSystem, readOnly: Bool, report: inout RecoveryReport
    ) throws(StoreError) -> [UInt64: EvidenceHold] {
        let directory = configuration.directory + "/evidence"
        var holds: [UInt64: EvidenceHold] = [:]
        let names: [String]
        do throws(FileError) {
            names = try fileSystem.listDirectory(directory)
        } catch {
            throw .ioFailed(error)
        }
        for name in names {
            let path = directory + "/" + name
            if name.hasSuffix(".tmp") {
                if !readOnly {
                    try? fileSystem.unlink(path)
                    report.abandonedHoldFiles += 1
                }
                continue
            }
            guard name.hasSuffix(".hold") else { continue }
            do {
                let (header, _) = try Evidence.readFile(path, fileSystem: fileSystem)
                holds[header.sequence] = EvidenceHold(sequence: header.sequence, approvalID: header.approvalID, heldAt: header.heldAt)
            } catch {
                report.damagedEvidence.append("\(path): \(error)")
            }
        }
        if report.abandonedHoldFiles > 0 { try? fileSystem.syncDirectory(directory) }
        report.holdsLoaded = holds.count
        return holds
    }
}
