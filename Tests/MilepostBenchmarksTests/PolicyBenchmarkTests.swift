import Foundation
import Testing
@testable import MilepostBenchmarks

@Suite struct PolicyBenchmarkTests {
    @Test func aShortRunMeasuresEveryOperationAndCleansUp() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try PolicyBenchmark(guardCalls: 250, auditEntries: 3, directory: directory).run()
        #expect(result.guardCalls == 250 && result.recomputeCalls == 2 && result.auditEntries == 3)
        #expect(result.cachedGuard > 0 && result.recomputedGuard > 0 && result.verify > 0 && result.auditAppend > 0)
        #expect(result.auditDirectory.hasPrefix(directory + "/milepost-bench-"))
        #expect(!FileManager.default.fileExists(atPath: result.auditDirectory))
        #expect(result.report.count == 5)
        #expect(result.report[3].hasSuffix("per entry (3 entries, \(result.auditDirectory))"))
    }

    @Test func durationsUseTheLargestUnitAtOneOrMore() {
        #expect(PolicyBenchmark.Result.format(999) == "999 ns")
        #expect(PolicyBenchmark.Result.format(1_000) == "1.00 µs")
        #expect(PolicyBenchmark.Result.format(12_345) == "12.35 µs")
        #expect(PolicyBenchmark.Result.format(2_500_000) == "2.50 ms")
    }
}
