import Logging
import Metrics
import MilepostCore
import MilepostPolicy
import MilepostStorage
import ServiceLifecycle
import MilepostSystem

/// Erases the reads (and their images) that have passed the retention period, every
/// `interval` of wall time while the unit runs, and audits each pass that erased anything
/// (`StorePurgeAudit`). Opening the store purged already, so the first pass is one interval after
/// the service is built (when the unit opens its parts), not after it starts running.
///
/// A pass that fails (the store cannot write, or the audit log cannot) does not stop the
/// unit: it is logged, counted in `milepost_store_purge_failures_total`, shown in /status
/// through `health`, and the next pass tries again. Audit entries of a purge that could not be
/// recorded are kept and recorded first at the next pass, so no erasure goes unaudited.
public struct RetentionPurgeService: Service {
    public static let defaultInterval: Duration = .seconds(3600)

    let store: ReadStore
    let audit: any AuditRecorder
    let unitID: UnitID
    let clock: any WallClock
    let intervalMillis: Int64
    let firstPass: UTCTime
    /// Where the purge runs (it writes and syncs segment files): the store's lane, ordered with appends.
    let storeLane: SerialLane
    /// Where the audit entries are written: the policy lane every audit writer shares.
    let policyLane: SerialLane
    let health: RetentionPurgeHealth
    let logger: Logger
    private let failureCount = Counter(label: "milepost_store_purge_failures_total")

    public init(store: ReadStore, audit: any AuditRecorder, unitID: UnitID, clock: any WallClock,
                interval: Duration = RetentionPurgeService.defaultInterval, storeLane: SerialLane, policyLane: SerialLane,
                health: RetentionPurgeHealth, logger: Logger) {
        self.store = store
        self.audit = audit
        self.unitID = unitID
        self.clock = clock
        let (seconds, attoseconds) = interval.components
        self.intervalMillis = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        self.firstPass = clock.now().adding(milliseconds: intervalMillis)
        self.storeLane = storeLane
        self.policyLane = policyLane
        self.health = health
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            var unrecorded: [AuditEvent] = []
            var next = firstPass
            while !Task.isCancelled {
                do { try await clock.sleep(until: next) } catch { return }
                unrecorded = await purgeOnce(unrecorded: unrecorded)
                next = clock.now().adding(milliseconds: intervalMillis)
            }
        }
    }

    /// One pass: purges, then records `unrecorded` (left by an earlier pass) and this pass's
    /// entries in order. Returns the entries still not recorded.
    func purgeOnce(unrecorded: [AuditEvent] = []) async -> [AuditEvent] {
        var pending = unrecorded
        var fault: String?
        do {
            let report = try await storeLane.run { [store, clock] in try store.purge(now: clock.now()) }
            pending += StorePurgeAudit.events(for: report, unitID: unitID)
            if report.erasedCount > 0 {
                logger.notice("reads past retention erased", metadata: ["report": "\(report)"])
            }
        } catch {
            fault = "the read store's retention purge failed: \(error)"
        }
        while let event = pending.first {
            do {
                try await policyLane.run { [audit] in _ = try audit.record(event) }
            } catch {
                fault = (fault.map { $0 + "; " } ?? "")
                    + "\(pending.count) audit entr\(pending.count == 1 ? "y" : "ies") of the retention purge not recorded: \(error)"
                break
            }
            pending.removeFirst()
        }
        if let fault {
            logger.error("retention purge failed; will retry", metadata: ["error": "\(fault)"])
            failureCount.increment()
            health.failed(fault)
        } else {
            health.succeeded(at: clock.now())
        }
        return pending
    }
}
