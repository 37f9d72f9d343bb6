import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import MilepostPolicy
import Prometheus
import ServiceLifecycle
import MilepostSystem

/// The running unit, built as a Hummingbird application is: from its configuration, its
/// state directory, its board and its clocks. `milepost run` builds one and runs it; tests
/// build the same one on a simulated board.
///
/// Running it opens every part (a part that cannot open stops the start with an error naming
/// it, and what was already opened is given back), runs them as one service group, and stops
/// them in order: capture first (the IR off, the camera stopped, the lines given back), then
/// the API, the read uploader (when a department server is configured), webhook delivery (what is not delivered stays in the outbox), the hotlist watch
/// and notice retention, the summaries of refused requests, the read store's hourly retention
/// purge, the audit checkpoints (the last one covers the shutdown), and the read store closes
/// last. A part that fails, at its start
/// or while running, stops the others in that same order, and its error is rethrown.
public struct MilepostUnit: Service {
    public var config: UnitConfig
    public var layout: UnitStateLayout
    public var boards: any UnitBoardSource
    /// The recognition model's weights file.
    public var modelPath: String
    public var clocks: UnitClocks
    /// Where every blocking wait runs: file I/O, frame waits, recognition, the presence input.
    public var pool: BlockingPool
    public var http: HTTPServerLimits
    /// The process's open-file limit `http` was fitted to, for the start-up log.
    public var openFiles: OpenFileLimit?
    /// Served at /metrics.
    public var metrics: PrometheusCollectorRegistry
    public var logger: Logger
    /// Whether SIGTERM and SIGINT stop the unit gracefully (`milepost run`; a test stops it itself).
    public var stopsOnSignals = false
    /// Stops the unit gracefully after this long, as a signal would (demos and smoke tests).
    public var stopAfter: Duration?
    /// Told when the unit is up, pinged while it is healthy (systemd's `Type=notify`).
    public var serviceManager: any ServiceManagerNotifier = SystemdNotifier()
    /// Told the API's port once it listens (with `httpPort` 0, the one the system chose).
    public var onServerRunning: (@Sendable (_ port: Int) async -> Void)?
    private var additionalServices: [any Service] = []

    public init(config: UnitConfig, layout: UnitStateLayout? = nil, boards: any UnitBoardSource, modelPath: String,
                clocks: UnitClocks = UnitClocks(), pool: BlockingPool, http: HTTPServerLimits = HTTPServerLimits(),
                metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger) {
        self.config = config
        self.layout = layout ?? UnitStateLayout(root: config.stateDirectory)
        self.boards = boards
        self.modelPath = modelPath
        self.clocks = clocks
        self.pool = pool
        self.http = http
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs `services` beside the unit's own: they start after the read store and the audit
    /// services, and stop after capture and the API, before the audit services and the store.
    public mutating func addServices(_ services: any Service...) {
        additionalServices += services
    }

    public func run() async throws {
        // Before anything is opened: a port that is taken fails here, naming the setting.
        try startupStep("HTTP address (httpHost, httpPort in the configuration)") {
            try ListenAddressProbe.check(host: config.httpHost, port: config.httpPort)
        }
        let tls = try config.https.map { settings in
            try startupStep("HTTPS certificate and key (https in the configuration)") { try UnitTLS(loading: settings) }
        }
        // Opening reads the policy state, recovers the store and loads the model: blocking work.
        let parts = try await pool.run { [config, layout, boards, modelPath, clocks, pool, logger] in
            try UnitParts.open(config: config, layout: layout, boards: boards, modelPath: modelPath,
                               clocks: clocks, pool: pool, logger: logger)
        }
        let group = ServiceGroup(configuration: .init(
            services: services(of: parts, tls: tls).map { .init(service: $0, failureTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: stopsOnSignals ? [.sigterm, .sigint] : [], logger: logger))
        logStart(parts, tls: tls)
        do {
            if let stopAfter {
                try await run(group, stoppingAfter: stopAfter)
            } else {
                try await group.run()
            }
        } catch let error as IOError {
            // Another process took the port after the check above.
            guard let explained = ListenAddressError.explaining(errorCode: error.errnoCode, host: config.httpHost, port: config.httpPort) else { throw error }
            throw UnitStartupError(part: "HTTP address (httpHost, httpPort in the configuration)", reason: explained.description)
        }
        let counters = await parts.sequencer.counters
        logger.notice("unit stopped", metadata: ["capture": "\(counters)"])
    }

    /// In start order; a service group stops them in reverse.
    private func services(of parts: UnitParts, tls: UnitTLS?) -> [any Service] {
        let refusals = RefusalAudit(recorder: parts.policy.audit, clock: clocks.wall, queue: parts.queues.policy,
                                    logger: logger)
        let checkpointInterval = config.auditCheckpointIntervalSeconds.map { Duration.seconds($0) }
            ?? AuditCheckpointService<ContinuousClock>.defaultInterval
        let checkpoints = AuditCheckpointService(unit: parts.policy, interval: checkpointInterval, queue: parts.queues.policy,
                                                 logger: logger)
        let purgeHealth = RetentionPurgeHealth()
        let purge = RetentionPurgeService(store: parts.store, audit: parts.policy.audit, unitID: config.unitID, clock: clocks.wall,
                                          storeLane: parts.queues.store, policyLane: parts.queues.policy,
                                          health: purgeHealth, logger: logger)
        let capture = UnitService(pipeline: parts.pipeline, presence: parts.presence, cycles: parts.cycles, logger: logger)
        return [ReadStoreService(store: parts.store, queue: parts.queues.store), checkpoints, purge,
                RefusalAuditService(refusals: refusals)]
            + parts.notices.services
            + (parts.uploads.map { [$0.uploader] } ?? [])
            + additionalServices
            + [apiOrItsFailure(parts, refusals: refusals, purgeHealth: purgeHealth, tls: tls),
               BoardCaptureService(capture: capture, camera: parts.camera, lines: parts.lines, logger: logger),
               ServiceManagerService(notifier: serviceManager, health: parts.pipeline.health,
                                     status: "unit \(config.unitID) running, API on \(config.httpHost):\(config.httpPort)", logger: logger)]
    }

    /// The API, or if it cannot be built a service that fails at its start with the reason:
    /// the parts already open are then stopped and closed in order, as for any failing part.
    private func apiOrItsFailure(_ parts: UnitParts, refusals: RefusalAudit, purgeHealth: RetentionPurgeHealth, tls: UnitTLS?) -> any Service {
        do { return try api(parts, refusals: refusals, purgeHealth: purgeHealth, tls: tls) } catch {
            return FailingAtStart(error: error)
        }
    }

    /// Every route behind `UnitAccessMiddleware`; routes that differ from the access table stop
    /// the start (one it does not name would be unreachable, and the documented table wrong).
    private func api(_ parts: UnitParts, refusals: RefusalAudit, purgeHealth: RetentionPurgeHealth, tls: UnitTLS?) throws -> some Service {
        let router = Router(context: UnitRequestContext.self)
        router.add(middleware: UnitAccessMiddleware(tokens: parts.notices.officers, recorder: parts.policy.audit,
                                                    queue: parts.queues.policy, refusals: refusals,
                                                    organisation: parts.policy.unitKey.holder.organisation))
        StatusRoutes(unitID: config.unitID, pipeline: parts.pipeline, registry: metrics, purgeHealth: purgeHealth,
                     upload: parts.uploads?.monitor).add(to: router)
        PolicyRoutes(unit: parts.policy, reads: ReadStoreSearch(store: parts.store, maximumReads: 10_000),
                     requesters: parts.notices.officers,
                     notices: OutboxNoticeFiles(outboxDirectory: layout.outbox, fileSystem: DiskFileSystem()),
                     queue: parts.queues.policy, refusals: refusals)
            .add(to: router)
        parts.notices.addRoutes(to: router, pipeline: parts.pipeline)
        let differences = UnitAccessTable.unit.differences(from: router.routes.map { (method: $0.method, path: "\($0.path)") })
        guard differences.isEmpty else {
            throw UnitStartupError(part: "HTTP API", reason: differences.joined(separator: "; "))
        }
        let onServerRunning = onServerRunning
        let server = try tls.map { try HTTPServerBuilder.tls(http.server, tlsConfiguration: $0.configuration) } ?? http.server
        return Application(router: router, server: server,
                           configuration: http.configuration(address: .hostname(config.httpHost, port: config.httpPort),
                                                             logger: logger),
                           onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }

    private func logStart(_ parts: UnitParts, tls: UnitTLS?) {
        var metadata: Logger.Metadata = [
            "console": "\(config.consoleURL)", "certificateSHA256": "\(tls?.fingerprint ?? "none: plain HTTP on loopback")",
            "unit": "\(config.unitID)", "board": "\(config.board)",
            "http": "\(config.httpHost):\(config.httpPort)", "state": "\(layout.root)",
            "webhooks": "\(parts.notices.receivers.joined(separator: ","))",
            "httpConnections": "\(http.maximumConnections) (descriptors reserved \(HTTPServerLimits.descriptorReserve))",
            "httpIdleTimeout": "\(http.idleTimeout)",
        ]
        if let openFiles { metadata["openFiles"] = "\(openFiles.soft) (hard \(openFiles.hard))" }
        logger.notice("unit running", metadata: metadata)
    }

    /// The timer only asks for the graceful shutdown a signal would; once the services have
    /// stopped (by the timer or by a signal) the timer is cancelled.
    private func run(_ group: ServiceGroup, stoppingAfter duration: Duration) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await group.run()
                return true
            }
            tasks.addTask {
                guard (try? await Task.sleep(for: duration)) != nil else { return false }
                await group.triggerGracefulShutdown()
                return false
            }
            while let servicesStopped = try await tasks.next() {
                if servicesStopped { tasks.cancelAll() }
            }
        }
    }
}

/// A part that could not be built: fails as soon as the group starts it.
private struct FailingAtStart: Service {
    let error: any Error

    func run() async throws { throw error }
}
