import MilepostCore
import MilepostSystem

/// What to look for.
public enum ReadQuery: Sendable {
    /// Reads whose plate is exactly this one.
    case plate(PlateText)
    /// Reads whose plate matches the pattern (`?` one character, `*` any run).
    case pattern(PlatePattern)
    /// Reads captured within the range (inclusive).
    case captured(ClosedRange<UTCTime>)
    /// Every live read.
    case all
}

/// Streams the reads a query matched, oldest first, loading each from disk when reached.
///
/// The set of matches is fixed when the query runs. A read that the ring overwrites or
/// a purge erases before the cursor reaches it is skipped; a read whose bytes fail their
/// CRC is skipped and listed in `damaged`.
public struct ReadCursor: Sequence, IteratorProtocol {
    let store: ReadStore
    let locations: [ReadStore.Location]
    var nextIndex = 0
    public private(set) var damaged: [StoreError] = []

    init(store: ReadStore, locations: [ReadStore.Location]) {
        self.store = store
        self.locations = locations
    }

    /// How many reads the query matched.
    public var matchCount: Int { locations.count }

    /// The sequence of the last read the query matched, whether or not it still loads.
    public var lastMatchedSequence: UInt64? { locations.last?.entry.sequence }

    public mutating func next() -> StoredRead? {
        while nextIndex < locations.count {
            let location = locations[nextIndex]
            nextIndex += 1
            do throws(StoreError) {
                if let read = try store.load(location) { return read }
            } catch {
                damaged.append(error)
            }
        }
        return nil
    }
}

extension ReadStore {
    struct Location: Sendable {
        var entry: IndexEntry
        var generation: UInt64
    }

    /// Runs a query; results stream from the returned cursor.
    public func query(_ query: ReadQuery) throws(StoreError) -> ReadCursor {
        if case .plate(let plate) = query, let problem = StoredPlate.problem(with: plate) {
            throw .invalidRead(field: "plate", problem: problem)
        }
        let cutoff = retentionCutoff
        condition.lock()
        defer { condition.unlock() }
        let positions: [Int]
        switch query {
        case .plate(let plate): positions = index.positions(forPlate: PlateKey(plate))
        case .pattern(let pattern): positions = index.positions(matching: pattern)
        case .captured(let range):
            positions = index.positions(capturedIn: range.lowerBound.millisecondsSinceEpoch...range.upperBound.millisecondsSinceEpoch)
        case .all: positions = index.positions(capturedIn: Int64.min...Int64.max)
        }
        var locations: [Location] = []
        locations.reserveCapacity(positions.count)
        for position in positions {
            guard let entry = index.entry(at: position), entry.captureTime >= cutoff else { continue }
            locations.append(Location(entry: entry, generation: segments[Int(entry.segment)].generation))
        }
        return ReadCursor(store: self, locations: locations)
    }

    /// The live read with this sequence number.
    public func read(sequence: UInt64) throws(StoreError) -> StoredRead {
        let cutoff = retentionCutoff
        condition.lock()
        let position = index.position(ofSequence: sequence)
        let entry = position.flatMap { index.entry(at: $0) }
        let generation = entry.map { segments[Int($0.segment)].generation } ?? 0
        condition.unlock()
        guard let entry, !entry.erased, entry.captureTime >= cutoff else { throw .notFound(sequence: sequence) }
        guard let read = try load(Location(entry: entry, generation: generation)) else {
            throw .notFound(sequence: sequence)
        }
        return read
    }

    /// The raw record bytes at a location, checked. nil when the slot was reused meanwhile.
    func loadRecord(_ location: Location) throws(StoreError) -> (RecordHeader, [UInt8])? {
        let segment = Int(location.entry.segment)
        let bytes: [UInt8]
        do throws(FileError) {
            bytes = try segments[segment].file.readExactly(count: Int(location.entry.size), at: Int64(location.entry.offset))
        } catch {
            throw .ioFailed(error)
        }
        let path = StoreLayout.segmentPath(configuration.directory, segment) + " offset \(location.entry.offset)"
        let header: RecordHeader
        do throws(DecodeError) {
            header = try RecordHeader.decode(bytes[...])
        } catch {
            if stillHolds(location) { throw .damaged(path: path, error) }
            return nil
        }
        guard header.kind == .read, header.sequence == location.entry.sequence, header.generation == location.generation else {
            return nil  // overwritten by the ring or erased by a purge since the query ran
        }
        do throws(DecodeError) {
            try RecordHeader.checkRecordCRC(bytes[...], payloadLength: Int(header.payloadLength))
        } catch {
            throw .damaged(path: path, error)
        }
        return (header, bytes)
    }

    func load(_ location: Location) throws(StoreError) -> StoredRead? {
        guard let (header, bytes) = try loadRecord(location) else { return nil }
        do throws(DecodeError) {
            let read = try ReadPayload.decode(bytes[Format.headerSize..<Format.headerSize + Int(header.payloadLength)], header: header)
            return StoredRead(sequence: header.sequence, read: read)
        } catch {
            throw .damaged(path: StoreLayout.segmentPath(configuration.directory, Int(location.entry.segment)), error)
        }
    }

    private func stillHolds(_ location: Location) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return segments[Int(location.entry.segment)].generation == location.generation
    }
}
