import Foundation
import Hummingbird
import Logging
import MilepostCore
import MilepostHotlist
import MilepostPolicy
import MilepostService
import MilepostSystem
import ServiceLifecycle
import MilepostSystem

/// The hotlist and notice side of the running unit, built from the configuration:
///
///     <state>/hotlists          lists imported with `milepost hotlist import`
///     <state>/outbox            the durable notice outbox (deliveries recorded beside it)
///     <state>/dispositions      officers' dispositions
///     <state>/officer-tokens    digests of officer tokens (`milepost notices issue-token`),
///                               read on each officer request: no restart needed
///
/// Notices name the site, and match only the lists, of the authorization in force at their
/// capture cycle. Webhook receivers come from `webhookReceivers` in the configuration.
struct NoticeWiring {
    let hits: NoticeHitChecker
    let routes: NoticeRoutes
    let hotlists: HotlistStore
    let clock: any WallClock
    let delivery: WebhookDeliveryService
    let hotlistWatch: HotlistWatchService
    let retention: NoticeRetentionService
    let receivers: [String]
    /// The officer tokens file, read on each request: notice streams, dispositions, searches.
    let officers: OfficerTokenFile
    /// Held for the life of the unit: no other process may commit to its outbox.
    let outboxLock: WriterLock

    /// The officer console, notice stream and dispositions, and /status/hotlists (which
    /// compares the loaded lists with those the pipeline's current authorization permits).
    func addRoutes<Context: RequestContext>(to router: Router<Context>, pipeline: CapturePipeline) {
        routes.add(to: router)
        HotlistStatusRoutes(store: hotlists, clock: clock, permitted: { await pipeline.permittedHotlists }).add(to: router)
    }

    /// The background services, in start order: delivery, the hotlist watch, notice retention.
    var services: [any Service] { [delivery, hotlistWatch, retention] }

    static func tokensPath(stateDirectory: String) -> String { PathNames.join(stateDirectory, "officer-tokens") }

    static func make(settings: UnitConfig, policy: UnitPolicy, pool: BlockingPool, queues: UnitLanes, logger: Logger) throws -> NoticeWiring {
        func step<T>(_ part: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch { throw UnitAssembly.StartupError(part: part, reason: "\(error)") }
        }
        let root = settings.stateDirectory
        let files = DiskFileSystem()
        let clock = SystemWallClock()
        let receivers = try step("webhook receivers in the configuration") {
            try (settings.webhookReceivers ?? []).map { try $0.load(fileSystem: files) }
        }
        let hotlists = try step("hotlists in \(root)/hotlists") {
            let store = try HotlistStore(directory: PathNames.join(root, "hotlists"), fileSystem: files)
            try store.load()
            return store
        }
        let outboxLock = try step("notice outbox in \(root)/outbox") { try WriterLock(directory: PathNames.join(root, "outbox")) }
        let outbox = try step("notice outbox in \(root)/outbox") {
            try NoticeOutbox(directory: PathNames.join(root, "outbox"), receivers: receivers.map(\.name), fileSystem: files, clock: clock)
        }
        let dispositions = try step("dispositions in \(root)/dispositions") {
            try DispositionStore(directory: PathNames.join(root, "dispositions"), fileSystem: files)
        }
        let tokensFile = tokensPath(stateDirectory: root)
        let tokens = OfficerTokenFile(path: tokensFile, fileSystem: files, queue: queues.notices)
        _ = try step("officer tokens \(tokensFile)") { try tokens.current() }
        if !files.exists(tokensFile) {
            logger.warning("no officer tokens yet: the console and notice stream refuse everyone until one is issued",
                           metadata: ["file": "\(tokensFile)", "fix": "milepost notices issue-token --officer ID --tokens \(tokensFile)"])
        }
        let transport = AsyncHTTPClientTransport()
        let dispatcher = WebhookDispatcher(outbox: outbox, receivers: receivers, transport: transport, clock: clock,
                                           pool: pool, logger: Logger(label: "milepost.notices.webhook"))
        let notifier = try step("vehicle passes already notified, from the notice outbox in \(root)/outbox") {
            try HitNotifier(hotlists: hotlists, outbox: outbox, clock: clock)
        }
        return NoticeWiring(
            hits: NoticeHitChecker(notifier: notifier, unit: settings.unitID, queue: queues.notices),
            routes: NoticeRoutes(outbox: outbox, dispositions: dispositions, tokens: tokens,
                                 audit: PolicyNoticeAuditSink(recorder: policy.audit, unitID: settings.unitID, queue: queues.policy),
                                 clock: clock, queue: queues.notices),
            hotlists: hotlists, clock: clock,
            delivery: WebhookDeliveryService(dispatcher: dispatcher, transport: transport, logger: logger),
            hotlistWatch: HotlistWatchService(store: hotlists, clock: clock, queue: queues.hotlists, logger: logger),
            retention: NoticeRetentionService(outbox: outbox, clock: clock, retentionDays: settings.retentionDays,
                                              queue: queues.notices, logger: logger),
            receivers: receivers.map(\.name), officers: tokens, outboxLock: outboxLock)
    }
}
