import ArgumentParser
import Foundation
import MilepostBenchmarks

/// `milepost audit bench`: what the policy checks cost, to back the claim that the deployment
/// guard can be asked before every capture cycle and that fsync-per-entry auditing keeps up.
struct PolicyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the deployment guard per cycle, document verification and fsynced audit appends."
    )

    @Option(help: "Guard calls to time.")
    var guardCalls: Int = 1_000_000

    @Option(help: "Audit entries to append (each fsynced).")
    var auditEntries: Int = 200

    @Option(help: "Directory for the temporary audit log (use the unit's disk).")
    var directory: String = NSTemporaryDirectory()

    func run() throws {
        let result: PolicyBenchmark.Result
        do {
            result = try PolicyBenchmark(guardCalls: guardCalls, auditEntries: auditEntries, directory: directory).run()
        } catch let refused as PolicyBenchmark.GuardRefused {
            throw ValidationError(refused.description)
        }
        result.report.forEach { print($0) }
    }
}
