import MilepostCore
import Foundation
import Logging
import MilepostHardware
import MilepostHotlist
import MilepostPolicy
import MilepostRecognition
import MilepostStorage
import MilepostSystem

/// The running unit's parts, opened from its configuration: each capability's real
/// implementation, joined through the service's adapters. Every failure names the part that
/// failed, and what was opened before it is given back: no line stays requested (the IR off),
/// the store is closed, and the locks fall with the parts that hold them.
struct UnitParts: Sendable {
    let pipeline: CapturePipeline
    let presence: any PresenceSource
    let cycles: SequencedCaptureCycles
    let sequencer: CaptureSequencer
    let lines: BoardLines
    let camera: any Camera
    let store: ReadStore
    let policy: UnitPolicy
    let notices: UnitNotices
    /// The read uploader, when the configuration names a department server.
    let uploads: UnitUploads?
    /// Where the unit's blocking file work runs, off the cooperative pool.
    let queues: UnitLanes

    static func open(config: UnitConfig, layout: UnitStateLayout, boards: any UnitBoardSource, modelPath: String,
                     clocks: UnitClocks, pool: BlockingPool, logger: Logger) throws -> UnitParts {
        let policy = try startupStep("policy state in \(layout.policy) (provision the unit: see docs/installer-guide.md)") {
            try UnitPolicy.open(root: layout.policy, clock: clocks.wall,
                            limits: PolicyLimits(auditSealEveryEntries: config.auditSealEveryEntries ?? AuditLog.defaultSealEveryEntries))
        }
        guard policy.unitID == config.unitID else {
            throw UnitStartupError(part: "unit identity",
                                   reason: "the unit key is for '\(policy.unitID)' but the config says '\(config.unitID)'")
        }
        let store = try startupStep("read store in \(layout.reads)") {
            try ReadStore.open(config.readStoreConfiguration(in: layout), clock: clocks.wall)
        }
        var lines: BoardLines?
        do {
            try startupStep("audit of the read store's recovery") {
                try StoreRecoveryAudit.record(store.recovery, unitID: config.unitID, audit: policy.audit)
            }
            if let purge = store.openingPurge {
                try startupStep("audit of the read store's purge at open") {
                    for event in StorePurgeAudit.events(for: purge, unitID: config.unitID) { try policy.audit.record(event) }
                }
            }
            let model = try startupStep("recognition model \(modelPath)") {
                try WeightsFile.load([UInt8](try Data(contentsOf: URL(fileURLWithPath: modelPath))))
            }
            let board = try startupStep("board '\(config.board)' in \(boards)") {
                try boards.board(named: config.board, clock: clocks.board, pool: pool)
            }
            let requested = try startupStep("GPIO lines of board '\(board.file.name)'") {
                try BoardLines(board: board.file, provider: board.gpio, consumer: "milepost")
            }
            lines = requested
            let queues = UnitLanes(pool: pool)
            let uploads = try config.server.map { try UnitUploads.open($0, store: store, fileSystem: DiskFileSystem()) }
            let notices = try UnitNotices.open(config: config, layout: layout, policy: policy, server: uploads, clock: clocks.wall,
                                               pool: pool, queues: queues, logger: logger)
            return assemble(config: config, board: board, lines: requested, store: store, policy: policy,
                            notices: notices, uploads: uploads, model: model, pool: pool, queues: queues, clocks: clocks, logger: logger)
        } catch {
            lines?.release()
            store.close()
            throw error
        }
    }

    private static func assemble(config: UnitConfig, board: UnitBoard, lines: BoardLines, store: ReadStore,
                                 policy: UnitPolicy, notices: UnitNotices, uploads: UnitUploads.Opened?, model: PlateModel,
                                 pool: BlockingPool, queues: UnitLanes, clocks: UnitClocks, logger: Logger) -> UnitParts {
        let gate = PolicyCaptureGate(deploymentGuard: policy.deploymentGuard)
        let sequencer = CaptureSequencer(trigger: lines.trigger, ir: lines.ir, timings: board.file.sequencer,
                                         protection: board.file.irProtection, clock: clocks.board, gate: gate,
                                         slack: .milliseconds(1))
        let camera = ResilientCamera(board.camera, clock: clocks.board)
        let cycles = SequencedCaptureCycles(sequencer: sequencer, camera: camera, wallClock: clocks.wall)
        let pipeline = CapturePipeline(
            permission: PolicyCapturePermission(deploymentGuard: policy.deploymentGuard, queue: queues.capturePermission),
            cycles: cycles,
            reader: RecognitionPlateReader(recognizer: PlateRecognizer(model: model, options: config.recognizerOptions),
                                           minimumConfidence: config.minimumConfidence, pool: pool),
            recorder: StoreReadRecorder(store: store, queue: queues.store),
            hits: notices.hits,
            origin: ReadOrigin(unitID: config.unitID, cameraID: config.cameraID),
            burstFrames: config.burstFrames ?? 1,
            health: UnitHealth(auditFailure: { [audit = policy.audit] in audit.lastRecordFailure }),
            logger: logger)
        return UnitParts(pipeline: pipeline, presence: GPIOPresenceSource(line: lines.presence, pool: pool, logger: logger),
                         cycles: cycles, sequencer: sequencer, lines: lines, camera: camera, store: store,
                         policy: policy, notices: notices,
                         uploads: uploads.map { UnitUploads.start($0, store: store, unitID: config.unitID, policy: policy, queues: queues,
                                                                  clock: clocks.wall, logger: logger) },
                         queues: queues)
    }
}
