import Testing
@testable import MilepostBenchmarks

@Suite struct HotlistMatchBenchmarkTests {
    @Test func everyTenthReadIsOnTheLargeListAndRunsRepeat() {
        let benchmark = HotlistMatchBenchmark(largeListEntries: 500, reads: 300)
        let first = benchmark.run()
        let second = benchmark.run()
        // Reads 0, 10, ..., 290 are plates of the large list: at least 30 hits there.
        #expect(first.large.hits >= 30)
        #expect(first.large.hits == second.large.hits)
        #expect(first.small.hits == second.small.hits)
        #expect(first.small.nanosecondsPerRead > 0 && first.large.nanosecondsPerRead > 0)
        let report = first.report
        #expect(report.count == 4)
        #expect(report[0].hasPrefix("index build: 500 entries in "))
        #expect(report[2].hasPrefix("large list (500 entries): ") && report[2].hasSuffix(" µs per read, \(first.large.hits) hits"))
    }
}
