import Logging
import MilepostCore
import MilepostHotlist
import ServiceLifecycle
import MilepostSystem

/// Deletes hit notices older than the unit's retention period, like the reads they came
/// from: a notice holds a plate, a place, a time and images. Runs at start and then hourly.
public struct NoticeRetentionService: Service {
    let outbox: NoticeOutbox
    let clock: any WallClock
    let retentionMillis: Int64
    let intervalMillis: Int64
    /// Where the deletions (file removals and a directory fsync) run: the unit's notices queue.
    let queue: SerialLane
    let logger: Logger

    public init(outbox: NoticeOutbox, clock: any WallClock, retentionDays: Int, intervalMillis: Int64 = 3_600_000,
                queue: SerialLane, logger: Logger) {
        self.outbox = outbox
        self.clock = clock
        self.retentionMillis = Int64(retentionDays) * 86_400_000
        self.intervalMillis = intervalMillis
        self.queue = queue
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                await pruneOnce()
                do { try await clock.sleep(until: UTCTime(millisecondsSinceEpoch: clock.now().millisecondsSinceEpoch + intervalMillis)) } catch { return }
            }
        }
    }

    func pruneOnce() async {
        let cutoff = clock.now().millisecondsSinceEpoch - retentionMillis
        do {
            let removed = try await queue.run { [outbox] in try outbox.prune(committedBefore: cutoff) }
            if removed > 0 { logger.notice("notices past retention deleted", metadata: ["count": "\(removed)"]) }
        } catch {
            logger.error("cannot delete notices past retention; will retry", metadata: ["error": "\(error)"])
        }
    }
}
