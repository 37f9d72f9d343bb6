import ArgumentParser
import Logging
import MilepostServer
import MilepostSystem

/// `milepost-server bench ingest|partition-drop`: reads per second through the ingest path,
/// and the time retention takes to drop one day's partition.
struct IngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the server.",
        subcommands: [Ingest.self, PartitionDrop.self, SearchBenchCommand.self]
    )

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store signed batches of simulated units through the ingest path and report reads per second.",
            discussion: "Run it against a scratch database: it registers its units' keys and leaves their reads behind."
        )

        @OptionGroup var options: ServerConfigOption

        @Option(help: "Simulated units sending at once.")
        var units = 50

        @Option(help: "Reads each unit sends.")
        var reads = 2000

        @Option(help: "Reads per batch.")
        var batch = 200

        @Option(help: "Bytes of each read's crop (0: a 2-byte stand-in).")
        var cropBytes = 10_240

        func validate() throws {
            guard units >= 1, reads >= 1, batch >= 1 else { throw ValidationError("--units, --reads and --batch must be at least 1") }
            guard cropBytes >= 0 else { throw ValidationError("--crop-bytes must not be negative") }
        }

        func run() async throws {
            let logger = Logger(label: "milepost-server")
            let database = try options.database(logger: logger, maximumConnections: 16)
            try await database.migrate()
            let benchmark = IngestBenchmark(units: units, readsPerUnit: reads, batchSize: batch, cropBytes: cropBytes)
            let result = try await database.whileRunning { database in
                try await benchmark.run(parts: DepartmentServer.Parts(database: database, clock: SystemWallClock()), logger: logger)
            }
            print("ingest: \(result.reads) reads from \(units) units, batches of \(batch), crops of \(cropBytes) bytes: "
                  + "\(String(format: "%.2f", result.seconds)) s, \(Int(result.readsPerSecond)) reads/s")
        }
    }
}
