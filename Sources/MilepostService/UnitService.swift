import Logging
import ServiceLifecycle

/// The capture side of the running unit, as a swift-service-lifecycle service: one pass per
/// presence event, read through a bounded queue (`PassQueue`) so the trigger never waits on
/// recognition, and the permission watcher beside it. On graceful shutdown it stops
/// taking events and puts the outputs in their safe state (IR off) before returning, so the
/// store and the audit log, shut down after it, see no more writes.
public struct UnitService: Service {
    let pipeline: CapturePipeline
    let presence: any PresenceSource
    let cycles: any CaptureCycleRunner
    let watcherInterval: Duration
    let logger: Logger

    public init(pipeline: CapturePipeline, presence: any PresenceSource, cycles: any CaptureCycleRunner,
                watcherInterval: Duration = .milliseconds(250), logger: Logger) {
        self.pipeline = pipeline
        self.presence = presence
        self.cycles = cycles
        self.watcherInterval = watcherInterval
        self.logger = logger
    }

    /// Passes captured but not yet read that the unit keeps (a few seconds of traffic).
    public static let queuedPasses = 4

    public func run() async throws {
        let watcher = PermissionWatcher(pipeline: pipeline, interval: watcherInterval)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await cancelWhenGracefulShutdown {
                    await watcher.run(clock: ContinuousClock())
                }
            }
            let queue = PassQueue(capacity: Self.queuedPasses)
            group.addTask { [pipeline, presence, logger] in
                await cancelWhenGracefulShutdown {
                    for await _ in presence.events() {
                        switch await pipeline.capturePass() {
                        case .captured(let pass):
                            if !queue.offer(pass) { pipeline.dropped(pass) }
                        case .failed(let report):
                            logger.info("pass", metadata: report.logMetadata.mapValues { .string($0) })
                        case .skippedByIlluminatorLimit:
                            logger.info("pass skipped: the illuminator guard allowed no frame")
                        case .refused(let reason):
                            logger.debug("pass not captured", metadata: ["reason": "\(reason)"])
                        }
                    }
                }
                queue.finish()
            }
            // Not cancelled on shutdown: the passes already captured are read and stored first.
            group.addTask { [pipeline, logger] in
                for await pass in queue.passes {
                    let report = await pipeline.read(pass)
                    logger.info("pass", metadata: report.logMetadata.mapValues { .string($0) })
                }
            }
            await group.waitForAll()
        }
        await cycles.makeSafe()
        logger.notice("capture stopped; outputs safe")
    }
}
