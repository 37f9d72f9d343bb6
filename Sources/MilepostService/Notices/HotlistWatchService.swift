import Logging
import MilepostCore
import MilepostHotlist
import ServiceLifecycle
import MilepostSystem

/// Keeps the running unit's hotlists current: picks up lists imported by `milepost hotlist
/// import` while the unit runs, and logs each list that turns stale (not replaced within
/// 24 hours) or unreadable, once, as the alarm the policy asks for.
public struct HotlistWatchService: Service {
    let store: HotlistStore
    let clock: any WallClock
    let intervalMillis: Int64
    /// Where the look at the generation file and any reload run: the unit's hotlists queue.
    let queue: SerialLane
    let logger: Logger

    public init(store: HotlistStore, clock: any WallClock, intervalMillis: Int64 = 5_000, queue: SerialLane, logger: Logger) {
        self.store = store
        self.clock = clock
        self.intervalMillis = intervalMillis
        self.queue = queue
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            var alarmed: Set<String> = []
            while !Task.isCancelled {
                alarmed = await check(alreadyAlarmed: alarmed)
                do { try await clock.sleep(until: UTCTime(millisecondsSinceEpoch: clock.now().millisecondsSinceEpoch + intervalMillis)) } catch { return }
            }
        }
    }

    /// One look: reloads changed lists, logs new alarms; returns the alarms now standing.
    func check(alreadyAlarmed: Set<String>) async -> Set<String> {
        do {
            if try await queue.run({ [store] in try store.reloadIfChanged() }) {
                logger.notice("hotlists reloaded", metadata: ["lists": "\(store.status(now: clock.now().millisecondsSinceEpoch / 1000).map { "\($0.name) v\($0.version ?? 0)" })"])
            }
        } catch {
            logger.error("cannot reload hotlists; the previous lists stay active", metadata: ["error": "\(error)"])
        }
        var standing: Set<String> = []
        for status in store.status(now: clock.now().millisecondsSinceEpoch / 1000) where status.isAlarm {
            let key = "\(status.name):\(status.condition.rawValue)"
            standing.insert(key)
            if !alreadyAlarmed.contains(key) {
                logger.warning("hotlist alarm", metadata: [
                    "list": "\(status.name)", "condition": "\(status.condition.rawValue)",
                    "ageSeconds": "\(status.ageSeconds.map(String.init) ?? "-")", "problem": "\(status.problem ?? "")",
                ])
            }
        }
        return standing
    }
}
