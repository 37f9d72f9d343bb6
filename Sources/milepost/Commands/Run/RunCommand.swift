import ArgumentParser
import Foundation
import Logging
import Metrics
import MilepostHardware
import MilepostImaging
import MilepostService
import MilepostSystem
import Prometheus

/// `milepost run`: the long-running unit.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the unit: capture under a valid authorization, read plates, store reads, serve the API.",
        discussion: """
            Capture happens only while the unit holds a valid, Chief-approved targeting authorization \
            (install one with `milepost auth install`). Without one the unit still runs, serves /status \
            and /metrics, and keeps the IR off. SIGTERM or SIGINT stop capture first, then the API, \
            then close the store and the audit log.
            """
    )

    @OptionGroup var files: UnitFilesOptions

    @Option(help: "State directory (default: the config's stateDirectory).")
    var stateDir: String?

    @Option(help: "Stop after this many seconds (for demos and smoke tests).")
    var seconds: Double?

    @Option(help: ArgumentHelp("Run the simulated unit on a virtual clock this far ahead, e.g. 400d (simulated board only).", valueName: "duration"))
    var clockAhead: String?

    func run() async throws {
        HeapRetention.keepFrameBuffers()  // a long-running frame loop: reuse frame buffers
        // Before anything opens a file: the API's connection cap is sized from this limit.
        let openFiles = try OpenFileLimit.raisingSoftToHard()
        var settings = try UnitConfig.load(path: files.config, stateDirectory: stateDir)
        if let board = files.board { settings.board = board }
        let clocks = try virtualClocks(board: settings.board)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(DocumentedMetricsFactory(registry: registry))

        let pool = BlockingPool(threadCount: UnitLanes.poolThreadCount)
        var unit = MilepostUnit(config: settings, boards: BoardDirectory(path: files.boardDir), modelPath: files.model, clocks: clocks, pool: pool,
                                http: try HTTPServerLimits().fitted(toOpenFileLimit: openFiles.soft),
                                metrics: registry, logger: Logger(label: "milepost"))
        unit.openFiles = openFiles
        print("console: \(settings.consoleURL)")
        if let https = settings.https {
            print("certificate SHA-256: \(try UnitTLS(loading: https).fingerprint)")
        } else {
            print("plain HTTP on loopback (plainHTTPOnLoopback in the configuration)")
        }
        print("tokens: milepost tokens issue --role ROLE --holder ID --state-dir \(settings.stateDirectory)   (docs/unit-access.md)")
        fflush(nil)  // every output stream, so the lines come before the unit's log
        unit.stopsOnSignals = true
        unit.stopAfter = seconds.map { .milliseconds(Int($0 * 1000)) }
        do {
            try await unit.run()
        } catch {
            try? await pool.shutdown()
            throw error
        }
        try await pool.shutdown()
    }

    /// The system clocks, or with `--clock-ahead` a wall clock that far ahead: refused unless
    /// the board is simulated, before anything is opened, since the audit log, the read store
    /// and the policy state would all take the virtual time as real.
    private func virtualClocks(board name: String) throws -> UnitClocks {
        guard let clockAhead else { return UnitClocks() }
        let seconds = try PolicyCLI.duration(clockAhead, option: "--clock-ahead")
        let file = try BoardLoader(directory: files.boardDir).load(name)
        guard file.gpio.simulatedChip != nil else {
            throw ValidationError("--clock-ahead runs only the simulated board; board '\(name)' drives real hardware, whose audit log and reads must keep real time")
        }
        printToStandardError("milepost: virtual clock \(clockAhead) ahead of the system clock (simulated board)")
        return UnitClocks(wall: AheadWallClock(aheadMilliseconds: seconds * 1000))
    }
}
