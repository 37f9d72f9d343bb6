import ArgumentParser
import Logging
import MilepostServer
import MilepostSystem

extension IngestBenchCommand {
    struct PartitionDrop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "partition-drop",
            abstract: "Fill one day's partition, past retention, through the ingest path; then time the retention pass that drops it.",
            discussion: """
                Run it against a scratch database with no server running: it registers its units' keys, and the pass drops \
                every partition past 365 days and audits each drop in the configuration's auditDirectory.
                """
        )

        @OptionGroup var options: ServerConfigOption

        @Option(help: "Simulated units whose reads fill the day.")
        var units = 50

        @Option(help: "Reads each unit captured that day (a second apart, at most 86400).")
        var reads = 2000

        @Option(help: "Bytes of each read's crop.")
        var cropBytes = 10_240

        func validate() throws {
            guard units >= 1, (1...PartitionDropBenchmark.maximumReadsPerUnit).contains(reads) else {
                throw ValidationError("--units must be at least 1 and --reads within 1...\(PartitionDropBenchmark.maximumReadsPerUnit)")
            }
            guard cropBytes >= 0 else { throw ValidationError("--crop-bytes must not be negative") }
        }

        func run() async throws {
            let logger = Logger(label: "milepost-server")
            let config = try options.load()
            let database = try options.database(logger: logger, maximumConnections: 16)
            try await database.migrate()
            let clock = SystemWallClock()
            let pool = BlockingPool(threadCount: 1)
            let benchmark = PartitionDropBenchmark(units: units, readsPerUnit: reads, cropBytes: cropBytes)
            let result: PartitionDropBenchmark.Result
            do {
                let audit = try await pool.run { try ServerAuditLog.open(directory: config.auditDirectory, clock: clock) }
                result = try await database.whileRunning { database in
                    try await benchmark.run(parts: DepartmentServer.Parts(database: database, clock: clock), audit: audit, pool: pool,
                                            clock: clock, logger: logger)
                }
            } catch {
                try? await pool.shutdown()
                throw error
            }
            try await pool.shutdown()
            let megabytes = Double(result.bytes) / 1_048_576
            print("partition-drop: \(result.partition) filled with \(units * reads) reads from \(units) units, crops of \(cropBytes) bytes, "
                  + "\(String(format: "%.0f", megabytes)) MiB, in \(String(format: "%.1f", result.fillSeconds)) s")
            for drop in result.drops { print("  dropped \(drop.partition) (\(drop.reads) reads), audited") }
            print("partition-drop: the retention pass took \(String(format: "%.3f", result.dropSeconds)) s")
            guard result.drops.contains(where: { $0.partition == result.partition }) else {
                throw ValidationError("the retention pass did not drop \(result.partition)")
            }
        }
    }
}
