import Foundation
import MilepostCore
import MilepostStorage
import MilepostSystem
import MilepostTesting

/// One step of the crash workload. Holds and releases name their target by rule, so the
/// same list replays identically against any store that reached the same state.
enum Step {
    /// Advance the clock, then append read number `n` with a crop of `cropSize` bytes.
    case append(n: Int, cropSize: Int, advance: Int64)
    /// Advance the clock, then run the retention purge.
    case purge(advance: Int64)
    /// Hold the newest live read.
    case holdNewest
    /// Release the oldest hold.
    case releaseOldest
}

enum Workload {
    static let minute: Int64 = 60_000

    /// 4 segments of 8 KiB: the ring wraps every few dozen appends. The byte-flip campaign
    /// uses 3 of 4 KiB, as it reopens the store once per byte.
    static func configuration(segments: Int = 4, segmentSize: Int64 = 8192) -> StoreConfiguration {
        StoreConfiguration(
            directory: "/store", capacityBytes: Int64(segments) * segmentSize, segmentSize: segmentSize, retentionDays: 2,
            maxCropBytes: 1200, maxContextBytes: 256)
    }

    static let start = UTCTime(millisecondsSinceEpoch: 1_790_000_000_000)

    static func steps(count: Int, seed: UInt64) -> [Step] {
        var random = SplitMix64(seed: seed)
        var steps: [Step] = []
        var n = 0
        while steps.count < count {
            let roll = random.next(below: 100)
            switch roll {
            case 0..<80:
                n += 1
                steps.append(.append(n: n, cropSize: 64 + Int(random.next(below: 1000)), advance: Int64(random.next(below: 40)) * minute))
            case 80..<88: steps.append(.purge(advance: Int64(random.next(below: 180)) * minute))
            case 88..<95: steps.append(.holdNewest)
            default: steps.append(.releaseOldest)
            }
        }
        return steps
    }

    /// The read appended by `.append(n:…)`; deterministic in `n`.
    static func read(_ n: Int, cropSize: Int, at time: UTCTime) -> PlateRead {
        var random = SplitMix64(seed: UInt64(n) &* 0x9E37_79B9)
        let plates: [PlateText] = ["ABC123", "XYZ789", "KLM456", "ROAD66", "MILE1"]
        return PlateRead(
            readID: UUID(uuid: (UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
            captureTime: time, unitID: "unit-crash", cameraID: n % 2 == 0 ? "cam-0" : "cam-1",
            plate: plates[n % plates.count], confidence: 900,
            alternatives: n % 3 == 0 ? [AlternativeReading(plate: "ABC128", confidence: 300)] : [],
            box: PlateBox(x: Int32(n % 640), y: 10, width: 100, height: 30),
            authorizationID: "auth-1",
            crop: (0..<cropSize).map { _ in UInt8(truncatingIfNeeded: random.next()) },
            context: n % 7 == 0 ? [UInt8](repeating: UInt8(n & 0xFF), count: 200) : nil)
    }
}

/// Runs steps against a store, remembering what was acknowledged.
struct Runner {
    let store: ReadStore
    let clock: ManualWallClock
    /// Every read handed to `append`, by the sequence it got or would have got.
    var submitted: [UInt64: PlateRead] = [:]

    /// Runs one step; throws what the store threw.
    mutating func run(_ step: Step) throws {
        switch step {
        case .append(let n, let cropSize, let advance):
            clock.advance(milliseconds: advance)
            let read = Workload.read(n, cropSize: cropSize, at: clock.now())
            submitted[store.upcomingSequence] = read
            _ = try store.append(read)
        case .purge(let advance):
            clock.advance(milliseconds: advance)
            _ = try store.purge()
        case .holdNewest:
            if let newest = store.newestLiveSequence, !store.heldReads().contains(where: { $0.sequence == newest }) {
                _ = try store.hold(sequence: newest, approvalID: "approval-\(newest)")
            }
        case .releaseOldest:
            if let oldest = store.heldReads().first {
                _ = try store.release(sequence: oldest.sequence, approvalID: "release-\(oldest.sequence)")
            }
        }
    }
}
