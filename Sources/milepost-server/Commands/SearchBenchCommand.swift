import ArgumentParser
import Logging
import MilepostCore
import MilepostServer
import MilepostSystem

/// `milepost-server bench search`: search latency over a fleet's worth of stored reads.
struct SearchBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Fill a scratch database with stored reads (once) and time exact-plate and wildcard searches over them.",
        discussion: "Run it against a scratch database: it stores its reads (units bench-000 ...) there and leaves them behind."
    )

    @OptionGroup var options: ServerConfigOption

    @Option(help: "Stored reads to search over; generated when the database has fewer.")
    var reads = 10_000_000

    @Option(help: "Units the reads are spread over.")
    var units = 50

    @Option(help: "Days the reads are spread over, ending today.")
    var days = 30

    @Option(help: "Searches of each kind (exact plate, wildcard).")
    var searches = 200

    func validate() throws {
        guard reads >= 1, units >= 1, units <= 1000, days >= 1, days <= 365, searches >= 1 else {
            throw ValidationError("--reads and --searches must be at least 1, --units 1 to 1000, --days 1 to 365")
        }
    }

    func run() async throws {
        let logger = Logger(label: "milepost-server")
        let database = try options.database(logger: logger, maximumConnections: 4)
        try await database.migrate()
        let end = DayPartition(containing: SystemWallClock().now()).start
        let data = SearchBenchmarkData(reads: reads, units: units, days: days, end: end)
        let benchmark = SearchBenchmark(data: data, searches: searches)
        let reads = reads
        let result: (exact: SearchBenchmark.Latencies, wildcard: SearchBenchmark.Latencies)
        do {
            result = try await database.whileRunning { database in
            let parts = DepartmentServer.Parts(database: database, clock: SystemWallClock())
            let stored = try await data.storedBenchmarkReads(parts)
            if stored < reads {
                print("storing \(reads) reads of \(data.units) units over \(data.days) days (once; this takes minutes)...")
                let started = ContinuousClock.now
                try await data.populate(parts) { done in print("  \(done) stored, \(ContinuousClock.now - started)") }
            } else {
                print("\(stored) benchmark reads already stored")
            }
            return try await benchmark.run(parts)
            }
        } catch {
            throw ValidationError("the search benchmark failed: \(PostgresFailure.describe(error))")
        }
        print("exact plate over \(reads) reads: \(result.exact.summary)")
        print("wildcard (AB*12) over \(reads) reads: \(result.wildcard.summary)")
    }
}
