import Testing
@testable import MilepostBenchmarks

@Suite struct HotlistMatchBenchmarkTests {
    @Test func theGeneratorIsSplitMix64() {
        // The first outputs of SplitMix64 seeded with 0, from its reference implementation.
        var generator = SplitMix(seed: 0)
        #expect([generator.next(), generator.next(), generator.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

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
