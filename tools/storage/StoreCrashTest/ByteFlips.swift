import Foundation
import MilepostCore
import MilepostStorage
import MilepostSystem
import MilepostTesting

/// The bit-rot half of the campaign: a small store is written and closed, then every byte
/// of every file in it is flipped in turn (one bit, the one at `offset % 8`) and the store
/// reopened read-only. After each flip:
///   - every acknowledged live read whose bytes were not hit is returned, byte-identical;
///   - the read whose record was hit is either returned intact (the flip was in padding)
///     or reported lost, by sequence, in the recovery report;
///   - every hold is intact, or its evidence file was hit and is reported damaged;
///   - no read appears that is not live, and the next sequence is above every one issued.
struct ByteFlipCampaign {
    struct Result {
        var flips = 0
        var acknowledgedChecked = 0
        var damagedAndReported = 0
        var lost = 0
        var violations: [String] = []
    }

    let steps: [Step]
    static let configuration = Workload.configuration(segments: 3, segmentSize: 4096)

    func run() -> Result {
        var result = Result()
        let fs = FaultInjectingFileSystem(seed: 1)
        let clock = ManualWallClock(Workload.start)
        let configuration = Self.configuration
        let expected: [UInt64: PlateRead]
        let held: [UInt64: PlateRead]
        let highestIssued: UInt64
        do {
            let store = try ReadStore.open(configuration, fileSystem: fs, clock: clock)
            var runner = Runner(store: store, clock: clock)
            for step in steps { try runner.run(step) }
            expected = Dictionary(uniqueKeysWithValues: try store.query(.all).map { ($0.sequence, $0.read) })
            held = Dictionary(uniqueKeysWithValues: store.heldReads().map { ($0.sequence, runner.submitted[$0.sequence]!) })
            highestIssued = store.upcomingSequence - 1
            store.close()
        } catch {
            result.violations.append("byte flips: could not build the store: \(error)")
            return result
        }
        let segments = (0..<configuration.segmentCount).map { String(format: "/store/ring/segment-%05d", $0) }
        let holds = held.keys.sorted()
        let evidence = holds.map { String(format: "/store/evidence/%020llu.hold", $0) }
        let extents = Self.recordExtents(segments.map { ($0, fs.durableContents(of: $0) ?? []) })

        for path in ["/store/store.meta"] + segments + evidence {
            guard let original = fs.durableContents(of: path) else {
                result.violations.append("byte flips: \(path) is missing")
                continue
            }
            for offset in original.indices {
                result.flips += 1
                fs.corrupt(path, at: offset, with: [original[offset] ^ UInt8(1 << (offset % 8))])
                defer { fs.corrupt(path, at: offset, with: [original[offset]]) }
                let hitRead = extents.first { $0.path == path && $0.payloadBytes.contains(offset) }?.sequence
                let hitHold = evidence.firstIndex(of: path).map { holds[$0] }
                check(fs: fs, clock: clock, flip: "\(path) byte \(offset)", expected: expected, held: held,
                      hitRead: hitRead, hitHold: hitHold, highestIssued: highestIssued, into: &result)
            }
        }
        return result
    }

    private func check(
        fs: FaultInjectingFileSystem, clock: ManualWallClock, flip: String, expected: [UInt64: PlateRead], held: [UInt64: PlateRead],
        hitRead: UInt64?, hitHold: UInt64?, highestIssued: UInt64, into result: inout Result
    ) {
        let store: ReadStore
        do {
            store = try ReadStore.open(Self.configuration, fileSystem: fs, clock: clock, mode: .readOnly)
        } catch {
            result.lost += expected.count
            result.violations.append("flip \(flip): the store does not open: \(error)")
            return
        }
        defer { store.close() }
        let reportedLost = store.recovery.lostSequences
        for (sequence, read) in expected.sorted(by: { $0.key < $1.key }) {
            result.acknowledgedChecked += 1
            if let stored = try? store.read(sequence: sequence) {
                if stored.read != read { result.violations.append("flip \(flip): read \(sequence) returned changed") }
                continue
            }
            if sequence == hitRead && reportedLost.contains(where: { $0.contains(sequence) }) {
                result.damagedAndReported += 1
            } else {
                result.lost += 1
                result.violations.append("flip \(flip): read \(sequence) \(sequence == hitRead ? "damaged but not reported" : "lost though intact")")
            }
        }
        for (sequence, read) in held.sorted(by: { $0.key < $1.key }) {
            result.acknowledgedChecked += 1
            if let (_, evidence) = try? store.evidence(sequence: sequence), evidence.read == read { continue }
            if sequence == hitHold && !store.recovery.damagedEvidence.isEmpty {
                result.damagedAndReported += 1
            } else {
                result.lost += 1
                result.violations.append("flip \(flip): hold \(sequence) lost or unreported")
            }
        }
        for stored in (try? Array(store.query(.all))) ?? [] where expected[stored.sequence] != stored.read {
            result.violations.append("flip \(flip): read \(stored.sequence) appeared that is not live")
        }
        if store.upcomingSequence <= highestIssued {
            result.violations.append("flip \(flip): next sequence \(store.upcomingSequence) would reuse one already issued (\(highestIssued))")
        }
    }

    struct RecordExtent {
        var path: String
        var sequence: UInt64
        /// Header and payload: the bytes the record's CRCs cover (not the padding).
        var payloadBytes: Range<Int>
    }

    /// The reads in undamaged segment files, found by walking records as STORAGE-SPEC.md
    /// lays them out.
    static func recordExtents(_ files: [(path: String, bytes: [UInt8])]) -> [RecordExtent] {
        var extents: [RecordExtent] = []
        for (path, bytes) in files {
            var offset = 64
            while offset + 64 <= bytes.count, Array(bytes[offset..<offset + 4]) == Array("MPRD".utf8) {
                func field(_ at: Int, _ size: Int) -> UInt64 {
                    (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + at + $1]) << (8 * $1) }
                }
                let payloadLength = Int(field(32, 4))
                if bytes[offset + 5] == 1 {
                    extents.append(RecordExtent(path: path, sequence: field(16, 8), payloadBytes: offset..<offset + 64 + payloadLength))
                }
                offset += (64 + payloadLength + 15) / 16 * 16
            }
        }
        return extents
    }
}
