import MilepostCore

/// Where a live read is: 32 bytes per read, so 5 million reads take 160 MB.
struct IndexEntry: Sendable {
    var sequence: UInt64
    var captureTime: Int64
    var segment: UInt32
    var offset: UInt32
    var payloadLength: UInt32
    var erased: Bool

    /// The record's bytes on disk: header, payload and padding.
    var size: UInt32 { UInt32(Format.aligned(Format.headerSize + Int(payloadLength))) }
}

/// The in-memory index of the ring, rebuilt by recovery at every open.
///
/// Entries are in sequence order (the ring's write order) and addressed by a *position*
/// that never changes while the entry is live: position `p` is `entries[p - base]`.
/// The oldest entries leave from the front when their segment is reused; purged entries
/// are marked erased in place. Plate postings hold positions and are pruned lazily.
/// Not thread-safe: the store guards it with its lock.
struct ReadIndex {
    private(set) var entries: [IndexEntry] = []
    private var front = 0  // entries[..<front] have left
    private(set) var base = 0  // position of entries[front]
    private(set) var byPlate: [PlateKey: [Int]] = [:]
    private(set) var liveCount = 0

    var endPosition: Int { base + entries.count - front }

    func entry(at position: Int) -> IndexEntry? {
        guard position >= base, position < endPosition else { return nil }
        return entries[front + position - base]
    }

    mutating func append(_ entry: IndexEntry, plate: PlateKey) {
        let position = endPosition
        entries.append(entry)
        if !entry.erased {
            liveCount += 1
            byPlate[plate, default: []].append(position)
            if let first = byPlate[plate]?.first, first < base { byPlate[plate]!.removeAll(where: { $0 < base }) }
        }
    }

    /// Drops entries from the front while `shouldDrop` says so (the segment being reused).
    mutating func dropFront(while shouldDrop: (IndexEntry) -> Bool) {
        while front < entries.count, shouldDrop(entries[front]) {
            if !entries[front].erased { liveCount -= 1 }
            front += 1
            base += 1
        }
        if front > 4096 && front * 2 > entries.count {
            entries.removeFirst(front)
            front = 0
        }
    }

    mutating func markErased(at position: Int) {
        guard position >= base, position < endPosition, !entries[front + position - base].erased else { return }
        entries[front + position - base].erased = true
        liveCount -= 1
    }

    /// Position of the entry with `sequence`, by binary search.
    func position(ofSequence sequence: UInt64) -> Int? {
        var low = front, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].sequence < sequence { low = mid + 1 } else { high = mid }
        }
        guard low < entries.count, entries[low].sequence == sequence else { return nil }
        return base + low - front
    }

    /// Position of the first entry with a sequence above `sequence` (`endPosition` if none).
    func firstPosition(afterSequence sequence: UInt64) -> Int {
        var low = front, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].sequence <= sequence { low = mid + 1 } else { high = mid }
        }
        return base + low - front
    }

    /// Live positions for an exact plate, oldest first.
    func positions(forPlate plate: PlateKey) -> [Int] {
        guard let list = byPlate[plate] else { return [] }
        return list.filter { p in p >= base && !entries[front + p - base].erased }
    }

    /// Live positions whose plate matches a pattern, oldest first.
    func positions(matching pattern: PlatePattern) -> [Int] {
        var result: [Int] = []
        for (plate, list) in byPlate where pattern.matches(characters: plate.bytes) {
            for p in list where p >= base && !entries[front + p - base].erased { result.append(p) }
        }
        return result.sorted()
    }

    /// Live positions captured within `range`, in sequence order.
    func positions(capturedIn range: ClosedRange<Int64>) -> [Int] {
        var result: [Int] = []
        for i in front..<entries.count where !entries[i].erased && range.contains(entries[i].captureTime) {
            result.append(base + i - front)
        }
        return result
    }

    /// Live positions of entries older than `cutoff`.
    func positions(capturedBefore cutoff: Int64) -> [Int] {
        var result: [Int] = []
        for i in front..<entries.count where !entries[i].erased && entries[i].captureTime < cutoff {
            result.append(base + i - front)
        }
        return result
    }

    /// The oldest live entry by capture time.
    func oldestLive() -> IndexEntry? {
        var oldest: IndexEntry?
        for i in front..<entries.count where !entries[i].erased {
            if oldest == nil || entries[i].captureTime < oldest!.captureTime { oldest = entries[i] }
        }
        return oldest
    }

    /// Removes postings that point at departed or erased entries (run after a purge).
    mutating func compactPostings() {
        for (plate, list) in byPlate {
            let kept = list.filter { p in p >= base && !entries[front + p - base].erased }
            byPlate[plate] = kept.isEmpty ? nil : kept
        }
    }
}
