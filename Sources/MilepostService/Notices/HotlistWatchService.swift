import Logging
import MilepostCore
import MilepostHotlist
import ServiceLifecycle
import MilepostSystem

/// Keeps the running unit's hotlists current: picks up lists imported by `milepost hotlist
/// import` while the unit runs, checks every list against its approval again when the
/// revocation list changes, audits what each load changed, and logs each list that turns
/// stale (not replaced within 24 hours), unapproved or unreadable, once, as the alarm the
/// policy asks for.
public struct HotlistWatchService: Service {
    let store: HotlistStore
    let audit: HotlistChangeAudit
    let clock: any WallClock
    let intervalMillis: Int64
    /// Where the look at the generation file and any reload run: the unit's hotlists queue.
    let queue: SerialLane
    let logger: Logger

    init(store: HotlistStore, audit: HotlistChangeAudit, clock: any WallClock, intervalMillis: Int64 = 5_000, queue: SerialLane, logger: Logger) {
        self.store = store
        self.audit = audit
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
            let reload = try await queue.run { [store, audit] () throws -> (changes: [HotlistChange], unrecorded: [(HotlistChange, any Error)])? in
                guard let changes = try store.reloadIfChanged() else { return nil }
                return (changes, audit.record(changes, store: store))
            }
            if let reload {
                logger.notice("hotlists reloaded", metadata: ["lists": "\(store.status(now: clock.now().millisecondsSinceEpoch / 1000).map { "\($0.name) v\($0.version ?? 0)" })"])
                Self.log(reload.changes, unrecorded: reload.unrecorded, logger: logger)
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

    /// Logs refusals (they are alarms) and any change the audit log would not take.
    static func log(_ changes: [HotlistChange], unrecorded: [(HotlistChange, any Error)], logger: Logger) {
        for change in changes {
            if case .refused(let name, _, let sha256, let reason) = change {
                logger.error("hotlist refused: not matched", metadata: ["list": "\(name)", "sha256": "\(sha256 ?? "-")", "reason": "\(reason)"])
            }
        }
        for (change, error) in unrecorded {
            logger.error("a hotlist change was not audited", metadata: ["list": "\(change.listName)", "error": "\(error)"])
        }
    }
}
