import Foundation
import Logging
import MilepostHardware
import MilepostHotlist
import MilepostPolicy
import MilepostRecognition
import MilepostService
import MilepostStorage
import MilepostSystem

/// Builds the running unit from its configuration: each capability's real implementation,
/// joined through the service's adapters. Every failure names the part that failed.
struct UnitAssembly {
    let pipeline: CapturePipeline
    let presence: any PresenceSource
    let cycles: SequencedCaptureCycles
    let sequencer: CaptureSequencer
    let lines: BoardLines
    let camera: any Camera
    let store: ReadStore
    let policy: UnitPolicy
    let notices: NoticeWiring
    /// Where the unit's blocking file work runs, off the cooperative pool.
    let queues: UnitLanes

    struct StartupError: Error, CustomStringConvertible {
        let part: String
        let reason: String
        var description: String { "cannot start the unit: \(part): \(reason)" }
    }

    static func assemble(settings: UnitConfig, boardDirectory: String, modelPath: String, pool: BlockingPool,
                         logger: Logger) throws -> UnitAssembly {
        func step<T>(_ part: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch { throw StartupError(part: part, reason: "\(error)") }
        }
        let root = settings.stateDirectory
        let policy = try step("policy state in \(root)/policy (provision the unit: see docs/installer-guide.md)") {
            try UnitPolicy.open(root: root + "/policy")
        }
        guard policy.unitID == settings.unitID else {
            throw StartupError(part: "unit identity",
                               reason: "the unit key is for '\(policy.unitID)' but the config says '\(settings.unitID)'")
        }
        let store = try step("read store in \(root)/reads") {
            try ReadStore.open(StoreConfiguration(directory: root + "/reads", capacityBytes: settings.storeCapacityBytes,
                                                  segmentSize: min(64 << 20, settings.storeCapacityBytes / 4),
                                                  retentionDays: settings.retentionDays))
        }
        try step("audit of the read store's recovery") {
            try StoreRecoveryAudit.record(store.recovery, unitID: settings.unitID, audit: policy.audit)
        }
        let model = try step("recognition model \(modelPath)") {
            try WeightsFile.load([UInt8](try Data(contentsOf: URL(fileURLWithPath: modelPath))))
        }
        let board = try step("board '\(settings.board)' in \(boardDirectory)") {
            try BoardLoader(directory: boardDirectory).load(settings.board)
        }
        let clock = SystemMonotonicClock()
        let lines = try step("GPIO lines of board '\(board.name)'") {
            try BoardLines(board: board, provider: board.makeGPIOProvider(clock: clock), consumer: "milepost")
        }
        let queues = UnitLanes(pool: pool)
        let notices = try NoticeWiring.make(settings: settings, policy: policy, pool: pool, queues: queues, logger: logger)
        let gate = PolicyCaptureGate(deploymentGuard: policy.deploymentGuard)
        let sequencer = CaptureSequencer(trigger: lines.trigger, ir: lines.ir, timings: board.sequencer,
                                         protection: board.irProtection, clock: clock, gate: gate,
                                         slack: .milliseconds(1))
        let camera = ResilientCamera(board.makeCamera(pool: pool, clock: clock, boardDirectory: boardDirectory), clock: clock)
        let cycles = SequencedCaptureCycles(sequencer: sequencer, camera: camera)
        let pipeline = CapturePipeline(
            permission: PolicyCapturePermission(deploymentGuard: policy.deploymentGuard, queue: queues.capturePermission),
            cycles: cycles,
            reader: RecognitionPlateReader(recognizer: PlateRecognizer(model: model, options: settings.recognizerOptions),
                                           minimumConfidence: settings.minimumConfidence, pool: pool),
            recorder: StoreReadRecorder(store: store, unitID: settings.unitID, cameraID: settings.cameraID,
                                        queue: queues.store),
            hits: notices.hits,
            logger: logger)
        return UnitAssembly(pipeline: pipeline, presence: GPIOPresenceSource(line: lines.presence, pool: pool, logger: logger),
                            cycles: cycles, sequencer: sequencer, lines: lines, camera: camera, store: store,
                            policy: policy, notices: notices, queues: queues)
    }

    func close() {
        camera.stop()
        lines.release()
        store.close()
    }
}
