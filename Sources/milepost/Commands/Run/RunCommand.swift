import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import MilepostHardware
import MilepostImaging
import MilepostPolicy
import MilepostRecognition
import MilepostService
import MilepostSystem
import MilepostStorage
import MilepostSystem
import Prometheus
import ServiceLifecycle

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

    @Option(help: "Unit configuration file (JSON).")
    var config = "Config/unit.json"

    @Option(help: "Board name (default: the config's).")
    var board: String?

    @Option(help: "Directory of board files.")
    var boardDir = "Board"

    @Option(help: "State directory (default: the config's stateDirectory).")
    var stateDir: String?

    @Option(help: "Weights file of the recognition model.")
    var model = "Config/model/milepost-plates.mpw"

    @Option(help: "Stop after this many seconds (for demos and smoke tests).")
    var seconds: Double?

    func run() async throws {
        HeapRetention.keepFrameBuffers()  // a long-running frame loop: reuse frame buffers
        // Before anything opens a file: the API's connection cap is sized from this limit.
        let openFiles = try OpenFileLimit.raisingSoftToHard()
        let httpLimits = try HTTPServerLimits().fitted(toOpenFileLimit: openFiles.soft)
        var settings = try UnitConfig.load(from: URL(fileURLWithPath: config))
        if let board { settings.board = board }
        if let stateDir { settings.stateDirectory = stateDir }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "milepost")

        let pool = BlockingPool(threadCount: UnitLanes.poolThreadCount)
        let unit = try UnitAssembly.assemble(settings: settings, boardDirectory: boardDir, modelPath: model, pool: pool,
                                             logger: logger)
        defer { unit.close() }
        do {
            try await unit.camera.start()
        } catch {
            logger.error("camera did not start; it will be retried with backoff", metadata: ["error": "\(error)"])
        }

        let refusals = RefusalAudit(recorder: unit.policy.audit, clock: SystemWallClock(), queue: unit.queues.policy, logger: logger)
        let router = Router(context: UnitRequestContext.self)
        StatusRoutes(unitID: settings.unitID, pipeline: unit.pipeline, registry: registry).add(to: router)
        PolicyRoutes(unit: unit.policy, reads: ReadStoreSearch(store: unit.store, maximumReads: 10_000),
                     requesters: unit.notices.officers,
                     notices: OutboxNoticeFiles(outboxDirectory: settings.stateDirectory + "/outbox", fileSystem: DiskFileSystem()),
                     queue: unit.queues.policy, refusals: refusals)
            .add(to: router)
        unit.notices.addRoutes(to: router, pipeline: unit.pipeline)
        let http = Application(router: router, server: httpLimits.server,
                               configuration: httpLimits.configuration(address: .hostname(settings.httpHost, port: settings.httpPort),
                                                                       logger: logger),
                               logger: logger)
        let capture = UnitService(pipeline: unit.pipeline, presence: unit.presence, cycles: unit.cycles, logger: logger)
        let checkpoints = AuditCheckpointService(unit: unit.policy, interval: settings.auditCheckpointIntervalSeconds.map { .seconds($0) } ?? AuditCheckpointService<ContinuousClock>.defaultInterval,
                                                 queue: unit.queues.policy, logger: logger)
        // ServiceGroup stops services in reverse order: capture first, the API after it, then
        // webhook delivery and the hotlist watch (what is not delivered stays in the outbox), the
        // summaries of refused requests, and the audit checkpoints last (their final checkpoint
        // covers the shutdown).
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: checkpoints), .init(service: RefusalAuditService(refusals: refusals))]
                                     + unit.notices.services.map { .init(service: $0) }
                                     + [.init(service: http), .init(service: capture)],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.notice("unit running", metadata: [
            "unit": "\(settings.unitID)", "board": "\(settings.board)",
            "http": "\(settings.httpHost):\(settings.httpPort)", "state": "\(settings.stateDirectory)",
            "webhooks": "\(unit.notices.receivers.joined(separator: ","))",
            "openFiles": "\(openFiles.soft) (hard \(openFiles.hard))",
            "httpConnections": "\(httpLimits.maximumConnections) (descriptors reserved \(HTTPServerLimits.descriptorReserve))",
            "httpIdleTimeout": "\(httpLimits.idleTimeout)",
        ])
        if let seconds {
            // The timer only asks for the graceful shutdown a signal would; once the services
            // have stopped (by the timer or by a signal) the timer is cancelled.
            try await withThrowingTaskGroup(of: Bool.self) { tasks in
                tasks.addTask {
                    try await group.run()
                    return true
                }
                tasks.addTask {
                    guard (try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))) != nil else { return false }
                    await group.triggerGracefulShutdown()
                    return false
                }
                while let servicesStopped = try await tasks.next() {
                    if servicesStopped { tasks.cancelAll() }
                }
            }
        } else {
            try await group.run()
        }
        let counters = await unit.sequencer.counters
        logger.notice("unit stopped", metadata: ["capture": "\(counters)"])
    }
}
