import Foundation
import MilepostHotlist
import MilepostCore

/// Matching cost per read against a small (1,000 entries) and a large synthetic list, both
/// drawn from the same seeded generator, so every run benchmarks the same plates. The cost
/// must not grow with the list's size.
public struct HotlistMatchBenchmark: Sendable {
    public static let smallListEntries = 1_000

    public struct Result: Sendable {
        public var largeListEntries: Int
        public var largeListBuildSeconds: Double
        public var small: Cost
        public var large: Cost
    }

    public struct Cost: Sendable {
        public var nanosecondsPerRead: Double
        public var hits: Int
    }

    public var largeListEntries: Int
    public var reads: Int

    public init(largeListEntries: Int, reads: Int) {
        self.largeListEntries = largeListEntries
        self.reads = reads
    }

    public func run() -> Result {
        var generator = SplitMix64(seed: 42)
        func plate() -> String {
            let alphabet = Array("ABCDEFGHJKMNPRSTUVWXYZ0123456789")
            return String((0..<7).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        let small = (0..<Self.smallListEntries).map { _ in plate() }
        let large = (0..<largeListEntries).map { _ in plate() }
        // One read in ten is on the large list.
        let probes = (0..<reads).map { i in i % 10 == 0 ? large[i % large.count] : plate() }
        let settings = ListSettings(name: "bench", lookalikeSubstitutions: 2)

        func build(_ plates: [String]) -> (ActiveHotlist, Double) {
            let start = Date()
            let list = ActiveHotlist(
                settings: settings, version: 1, importedAt: 0, sourceFile: "bench",
                entries: plates.map { HotlistEntry(plate: try! PlateText(normalizing: $0), state: "MA", code: .stolenVehicle, reason: "", entered: 0, expires: nil, source: "") })
            return (list, Date().timeIntervalSince(start))
        }
        let readsParsed = probes.map { SyntheticRead.make(try! PlateText(normalizing: $0), at: UTCTime(millisecondsSinceEpoch: 0)) }
        func measure(_ list: ActiveHotlist) -> Cost {
            let matcher = HotlistMatcher(lists: [list])
            var hits = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for read in readsParsed { hits += matcher.match(read, permitted: ["bench"], at: 0).count }
            return Cost(nanosecondsPerRead: Double(DispatchTime.now().uptimeNanoseconds - start) / Double(readsParsed.count), hits: hits)
        }
        let (smallList, _) = build(small)
        let (largeList, buildSeconds) = build(large)
        return Result(largeListEntries: largeListEntries, largeListBuildSeconds: buildSeconds,
                      small: measure(smallList), large: measure(largeList))
    }
}

extension HotlistMatchBenchmark.Result {
    /// The lines `milepost hotlist bench` prints.
    public var report: [String] {
        [
            "index build: \(largeListEntries) entries in \(String(format: "%.2f", largeListBuildSeconds)) s",
            "small list (1000 entries):  \(String(format: "%.1f", small.nanosecondsPerRead / 1000)) µs per read, \(small.hits) hits",
            "large list (\(largeListEntries) entries): \(String(format: "%.1f", large.nanosecondsPerRead / 1000)) µs per read, \(large.hits) hits",
            "cost ratio large/small: \(String(format: "%.2f", large.nanosecondsPerRead / small.nanosecondsPerRead))",
        ]
    }
}
