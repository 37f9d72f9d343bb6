import ArgumentParser
import Foundation
import MilepostCore
import MilepostHotlist

struct HotlistBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure matching cost per read with a small and a large synthetic list (cost must not grow with size)."
    )

    @Option(help: "Entries in the large list.")
    var entries = 1_000_000

    @Option(help: "Reads matched against each list.")
    var reads = 200_000

    func run() throws {
        var generator = SplitMix(seed: 42)
        func plate() -> String {
            let alphabet = Array("ABCDEFGHJKMNPRSTUVWXYZ0123456789")
            return String((0..<7).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        let small = (0..<1_000).map { _ in plate() }
        let large = (0..<entries).map { _ in plate() }
        let probes = (0..<reads).map { i in i % 10 == 0 ? large[i % large.count] : plate() }
        let settings = ListSettings(name: "bench", lookalikeSubstitutions: 2)

        func build(_ plates: [String]) -> (ActiveHotlist, Double) {
            let start = Date()
            let list = ActiveHotlist(
                settings: settings, version: 1, importedAt: 0, sourceFile: "bench",
                entries: plates.map { HotlistEntry(plate: try! PlateText(normalizing: $0), state: "MA", code: .stolenVehicle, reason: "", entered: 0, expires: nil, source: "") })
            return (list, Date().timeIntervalSince(start))
        }
        let readsParsed = probes.map { PlateRead(plate: try! PlateText(normalizing: $0), confidence: 900) }
        func measure(_ list: ActiveHotlist) -> (nanosPerRead: Double, hits: Int) {
            let matcher = HotlistMatcher(lists: [list])
            var hits = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for read in readsParsed { hits += matcher.match(read, permitted: ["bench"], at: 0).count }
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / Double(readsParsed.count), hits)
        }
        let (smallList, _) = build(small)
        let (largeList, buildSeconds) = build(large)
        let smallCost = measure(smallList)
        let largeCost = measure(largeList)
        print("index build: \(entries) entries in \(String(format: "%.2f", buildSeconds)) s")
        print("small list (1000 entries):  \(String(format: "%.1f", smallCost.nanosPerRead / 1000)) µs per read, \(smallCost.hits) hits")
        print("large list (\(entries) entries): \(String(format: "%.1f", largeCost.nanosPerRead / 1000)) µs per read, \(largeCost.hits) hits")
        print("cost ratio large/small: \(String(format: "%.2f", largeCost.nanosPerRead / smallCost.nanosPerRead))")
    }
}

/// A small deterministic generator so every run benchmarks the same plates.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
