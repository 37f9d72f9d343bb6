import Hummingbird
import Logging
import MilepostCore
import MilepostHotlist
import MilepostPolicy
import ServiceLifecycle
import MilepostSystem

/// The hotlist and notice side of the running unit, built from the configuration and the
/// state directory's `hotlists`, `outbox`, `dispositions` and `officer-tokens` (read on each
/// officer request: no restart needed).
///
/// Notices name the site, and match only the lists, of the authorization in force at their
/// capture cycle. Webhook receivers come from `webhookReceivers` in the configuration; with a
/// `server` section the department server is one more receiver (`ServerNoticeReceiver`).
struct UnitNotices: Sendable {
    let hits: NoticeHitChecker
    let routes: NoticeRoutes
    let hotlists: HotlistStore
    let clock: any WallClock
    let delivery: WebhookDeliveryService
    let hotlistWatch: HotlistWatchService
    let retention: NoticeRetentionService
    let receivers: [String]
    /// The tokens file (every role's), read on each request the access table says needs a token.
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

    static func open(config: UnitConfig, layout: UnitStateLayout, policy: UnitPolicy, server: UnitUploads.Opened?, clock: any WallClock,
                     pool: BlockingPool, queues: UnitLanes, logger: Logger) throws -> UnitNotices {
        let files = DiskFileSystem()
        let webhooks = try startupStep("webhook receivers in the configuration") {
            try (config.webhookReceivers ?? []).map { try $0.load(fileSystem: files) }
        }
        let serverReceiver = try server.map { opened in
            try startupStep("the department server as a notice receiver (server.url)") {
                try ServerNoticeReceiver.receiver(opened.server, unitID: config.unitID, unitKey: policy.unitKey, retentionDays: config.retentionDays)
            }
        }
        let receivers = webhooks + (serverReceiver.map { [$0] } ?? [])
        let hotlistAudit = HotlistChangeAudit(recorder: policy.audit, unitID: config.unitID)
        let hotlists = try startupStep("hotlists in \(layout.hotlists)") {
            let store = try HotlistStore(directory: layout.hotlists, fileSystem: files, approvals: PolicyHotlistApprovals(policy: policy, clock: clock))
            let changes = try store.load()
            HotlistWatchService.log(changes, unrecorded: hotlistAudit.record(changes, store: store), logger: logger)
            return store
        }
        let outboxLock = try startupStep("notice outbox in \(layout.outbox)") { try WriterLock(directory: layout.outbox) }
        let outbox = try startupStep("notice outbox in \(layout.outbox)") {
            try NoticeOutbox(directory: layout.outbox, receivers: receivers.map(\.name), fileSystem: files, clock: clock)
        }
        let dispositions = try startupStep("dispositions in \(layout.dispositions)") {
            try DispositionStore(directory: layout.dispositions, fileSystem: files)
        }
        let tokensFile = layout.officerTokens
        let tokens = OfficerTokenFile(path: tokensFile, fileSystem: files, queue: queues.notices)
        _ = try startupStep("officer tokens \(tokensFile)") { try tokens.current() }
        if !files.exists(tokensFile) {
            logger.warning("no tokens yet: every route but /health and /console refuses everyone until one is issued",
                           metadata: ["file": "\(tokensFile)", "fix": "milepost tokens issue --role ROLE --holder ID --state-dir \(layout.root)"])
        }
        let notifier = try startupStep("vehicle passes already notified, from the notice outbox in \(layout.outbox)") {
            try HitNotifier(hotlists: hotlists, outbox: outbox, clock: clock)
        }
        // Made after the last step that can fail: the client must be shut down, which the
        // delivery service does when it stops.
        let transport = AsyncHTTPClientTransport()
        let serverTransport = server.map { AsyncHTTPClientTransport(client: HTTPReadBatchTransport.client(trusting: $0.certificates)) }
        let dispatcher = WebhookDispatcher(outbox: outbox, receivers: receivers, transport: transport,
                                           transports: serverTransport.map { [ServerNoticeReceiver.name: $0] } ?? [:], clock: clock,
                                           pool: pool, logger: Logger(label: "milepost.notices.webhook"))
        return UnitNotices(
            hits: NoticeHitChecker(notifier: notifier, queue: queues.notices),
            routes: NoticeRoutes(outbox: outbox, dispositions: dispositions, tokens: tokens,
                                 audit: PolicyNoticeAuditSink(recorder: policy.audit, unitID: config.unitID, queue: queues.policy),
                                 clock: clock, queue: queues.notices),
            hotlists: hotlists, clock: clock,
            delivery: WebhookDeliveryService(dispatcher: dispatcher, transport: transport, serverTransport: serverTransport, logger: logger),
            hotlistWatch: HotlistWatchService(store: hotlists, audit: hotlistAudit, clock: clock, queue: queues.hotlists, logger: logger),
            retention: NoticeRetentionService(outbox: outbox, clock: clock, retentionDays: config.retentionDays,
                                              queue: queues.notices, logger: logger),
            receivers: receivers.map(\.name), officers: tokens, outboxLock: outboxLock)
    }
}
