import ArgumentParser
import MilepostBenchmarks

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
        HotlistMatchBenchmark(largeListEntries: entries, reads: reads).run().report.forEach { print($0) }
    }
}
