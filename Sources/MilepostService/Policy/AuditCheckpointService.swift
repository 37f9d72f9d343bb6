import Logging
import MilepostPolicy
import ServiceLifecycle
import MilepostSystem

/// Something that can sign a checkpoint of the audit log's head.
public protocol AuditCheckpointing: Sendable {
    /// Entries in the log now.
    var entryCount: Int { get }
    /// Signs and stores a checkpoint covering every entry (and its own); returns how many
    /// entries it covers.
    func checkpoint() throws -> Int
}

/// The unit's audit log, checkpointed with the unit's own key into `audit-checkpoints`, where
/// `milepost audit verify` and `audit export` find them.
public struct UnitAuditCheckpoints: AuditCheckpointing {
    let log: AuditLog
    let key: PolicySigningKey

    public init(log: AuditLog, key: PolicySigningKey) {
        self.log = log
        self.key = key
    }

    public init(_ unit: UnitPolicy) { self.init(log: unit.audit, key: unit.unitKey) }

    public var entryCount: Int { log.head.count }
    public func checkpoint() throws -> Int { try log.signCheckpoint(unitKey: key).entryCount }
}

/// Signs a checkpoint of the audit log every `interval` while the unit runs, and a last one at
/// graceful shutdown, so that what the unit did can be proven complete up to then. Each
/// checkpoint also closes the log's seal epoch, so the entries still open to whoever takes the
/// unit are at most one interval's (or `sealEveryEntries`, which the log closes itself). An interval
/// in which nothing was recorded is skipped (the previous checkpoint still covers everything).
/// Put it first in the service group: groups stop in reverse order, so it stops last and its
/// final checkpoint covers the capture service's shutdown entries.
public struct AuditCheckpointService<C: Clock>: Service where C.Duration == Duration {
    let checkpoints: any AuditCheckpointing
    let interval: Duration
    let clock: C
    /// Where signing runs (it writes and fsyncs the checkpoint file): the unit's policy queue,
    /// so a checkpoint is ordered with the audit writes around it.
    let queue: SerialLane
    let logger: Logger

    public init(checkpoints: any AuditCheckpointing, interval: Duration, clock: C, queue: SerialLane, logger: Logger) {
        self.checkpoints = checkpoints
        self.interval = interval
        self.clock = clock
        self.queue = queue
        self.logger = logger
    }

    public static var defaultInterval: Duration { .seconds(60) }

    public func run() async throws {
        var covered: Int?
        func take(_ reason: String) async {
            guard checkpoints.entryCount != covered else { return }
            do {
                // What the checkpoint signed, not the count after it: entries recorded while it
                // was being signed are not covered and must be in the next one.
                covered = try await queue.run { [checkpoints] in try checkpoints.checkpoint() }
                logger.info("audit checkpoint signed", metadata: ["entries": "\(covered ?? 0)", "reason": "\(reason)"])
            } catch {
                // Not fatal to the unit, but an alarm: entries since the last checkpoint are unproven.
                logger.critical("audit checkpoint failed", metadata: ["error": "\(error)", "reason": "\(reason)"])
            }
        }
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                break
            }
            await take("interval")
        }
        await take("shutdown")
    }
}

extension AuditCheckpointService where C == ContinuousClock {
    /// The running unit's service: the real clock.
    public init(unit: UnitPolicy, interval: Duration, queue: SerialLane, logger: Logger) {
        self.init(checkpoints: UnitAuditCheckpoints(unit), interval: interval, clock: ContinuousClock(), queue: queue, logger: logger)
    }
}
