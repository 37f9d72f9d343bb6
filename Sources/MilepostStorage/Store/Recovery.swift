import MilepostSystem

/// The state recovery hands to a new `ReadStore`.
struct Recovered {
    var segments: [ReadStore.SegmentSlot]
    var head: Int?
    var tail: Int
    var nextSequence: UInt64
    var index: ReadIndex
    var holds: [UInt64: EvidenceHold]
    var report: RecoveryReport
    /// The newest reads, after the last missing sequence, that no commit marker vouches for
    /// (their append was cut before the marker was durable): a read-write open writes one.
    var unvouched: ClosedRange<UInt64>?
    /// The end of non-zero bytes after the head's last valid record, which a read-write
    /// open zeroes so the space after the newest record is erased again.
    var tornTailEnd: Int?
}

/// Rebuilds the ring state and index from what is on disk (STORAGE-SPEC.md, "Recovery at
/// open").
///
/// 1. Read every segment header. A header that fails its checks does not cost the
///    segment's records: the lap is taken from the records themselves.
/// 2. Scan the segments in generation order (oldest first), checking every record.
/// 3. Account for every sequence number: a missing one at or below the newest commit
///    marker was acknowledged and is reported lost; one above it was never acknowledged.
/// 4. Load the evidence holds.
enum Recovery {
    private struct UsedSegment {
        var index: Int
        var generation: UInt64
        var firstSequence: UInt64?
        var file: any OpenFile
    }

    static func run(
        _ configuration: StoreConfiguration, metadata: StoreMetadata, fileSystem: any FileSystem, readOnly: Bool
    ) throws(StoreError) -> Recovered {
        let count = Int(metadata.segmentCount)
        var report = RecoveryReport()
        var slots: [ReadStore.SegmentSlot] = []
        var used: [UsedSegment] = []
        for i in 0..<count {
            let (file, segment) = try openSegment(i, configuration, metadata: metadata, fileSystem: fileSystem, readOnly: readOnly, report: &report)
            slots.append(ReadStore.SegmentSlot(file: file, generation: segment?.generation ?? 0))
            if let segment { used.append(segment) }
        }
        used.sort { $0.generation < $1.generation }
        // Segments more than one lap behind the newest cannot hold live records.
        if let newest = used.last?.generation {
            for stale in used where newest - stale.generation >= UInt64(count) { slots[stale.index].generation = 0 }
            used.removeAll { newest - $0.generation >= UInt64(count) }
        }
        report.segmentsInUse = used.count

        var scans: [(segment: UsedSegment, scan: SegmentScan)] = []
        var lastSequence: UInt64 = 0
        var markers: [ClosedRange<UInt64>] = []
        for segment in used {
            let bytes: [UInt8]
            do throws(FileError) {
                bytes = try segment.file.readExactly(count: Int(metadata.segmentSize), at: 0)
            } catch {
                throw .ioFailed(error)
            }
            let scan = SegmentScanner.scan(bytes, generation: segment.generation, after: lastSequence)
            for case .record(let record) in scan.elements {
                if record.header.kind == .commit {
                    markers.append(record.header.acknowledgedRange)
                } else {
                    lastSequence = record.header.sequence
                }
            }
            scans.append((segment, scan))
        }
        let acknowledged = AcknowledgedSequences(markers)
        report.acknowledgedThrough = acknowledged.highest > 0 ? acknowledged.highest : nil

        var ledger = SequenceLedger(acknowledged: acknowledged, start: used.first?.firstSequence.flatMap { $0 > 0 ? $0 - 1 : nil })
        var index = ReadIndex()
        for (segment, scan) in scans {
            for element in scan.elements {
                switch element {
                case .invalid(let span):
                    ledger.damaged(segment: segment.index, span)
                case .record(let record):
                    let h = record.header
                    ledger.valid(segment: segment.index, offset: record.offset, header: h)
                    switch h.kind {
                    case .commit: break
                    case .erased: report.erasedRecords += 1
                    case .read:
                        index.append(IndexEntry(
                            sequence: h.sequence, captureTime: h.captureTime.millisecondsSinceEpoch, segment: UInt32(segment.index),
                            offset: UInt32(record.offset), payloadLength: h.payloadLength, erased: false), plate: h.plate)
                        report.readsRecovered += 1
                    }
                }
            }
        }
        report.tornTail = ledger.finish(headSegment: used.last?.index)
        report.damage = ledger.regions
        report.newestSequence = lastSequence > 0 ? lastSequence : nil
        let highestFirst = used.compactMap(\.firstSequence).max() ?? 1
        let nextSequence = max(ledger.highestSequence + 1, highestFirst)

        let holds = try loadHolds(configuration, fileSystem: fileSystem, readOnly: readOnly, report: &report)
        return Recovered(
            segments: slots, head: used.last?.index, tail: scans.last?.scan.end ?? Format.headerSize,
            nextSequence: nextSequence, index: index, holds: holds, report: report,
            unvouched: unvouchedReads(newest: lastSequence, after: max(acknowledged.highest, ledger.highestMissing)),
            tornTailEnd: report.tornTail.map { $0.offset + $0.length })
    }

    private static func unvouchedReads(newest: UInt64, after vouchedOrMissing: UInt64) -> ClosedRange<UInt64>? {
        newest > vouchedOrMissing ? (vouchedOrMissing + 1)...newest : nil
    }

    /// Opens segment `i`, checks its size and header; returns the segment's lap, or nil when
    /// it holds no records.
    private static func openSegment(
        _ i: Int, _ configuration: StoreConfiguration, metadata: StoreMetadata, fileSystem: any FileSystem,
        readOnly: Bool, report: inout RecoveryReport
    ) throws(StoreError) -> (any OpenFile, UsedSegment?) {
        let path = StoreLayout.segmentPath(configuration.directory, i)
        let size = Int(metadata.segmentSize)
        let file: any OpenFile
        let actualSize: Int64
        do throws(FileError) {
            file = readOnly ? try fileSystem.openFileReadOnly(path) : try fileSystem.openFile(path, create: false)
            actualSize = try file.size()
        } catch {
            throw .ioFailed(error)
        }
        guard actualSize == Int64(size) else {
            file.close()
            throw .damaged(path: path, DecodeError(
                field: "segment file size", offset: 0, reason: "is \(actualSize) bytes; store.meta says every segment is \(size)"))
        }
        let headerBytes: [UInt8]
        do throws(FileError) {
            headerBytes = try file.readExactly(count: Format.headerSize, at: 0)
        } catch {
            throw .ioFailed(error)
        }
        report.segmentsScanned += 1
        if SegmentScanner.isZero(headerBytes[...]) { return (file, nil) }
        let problem: String
        do throws(DecodeError) {
            let header = try SegmentHeader.decode(headerBytes)
            if let mismatch = header.mismatch(metadata, index: i) {
                problem = mismatch
            } else {
                return (file, UsedSegment(index: i, generation: header.generation, firstSequence: header.firstSequence, file: file))
            }
        } catch {
            problem = error.description
        }
        let bytes: [UInt8]
        do throws(FileError) {
            bytes = try file.readExactly(count: size, at: 0)
        } catch {
            throw .ioFailed(error)
        }
        guard let generation = SegmentScanner.inferGeneration(bytes, index: i, segmentCount: Int(metadata.segmentCount)) else {
            report.damagedSegmentHeaders.append("\(path): \(problem); no records in the segment, treated as unused")
            return (file, nil)
        }
        report.damagedSegmentHeaders.append("\(path): \(problem); generation \(generation) taken from its records, which are kept")
        return (file, UsedSegment(index: i, generation: generation, firstSequence: nil, file: file))
    }

    static func loadHolds(
        _ configuration: StoreConfiguration, fileSystem: any FileSystem, readOnly: Bool, report: inout RecoveryReport
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
