import Logging
import MilepostPolicy
import ServiceLifecycle
import MilepostCore
import MilepostSystem

/// Audits unauthenticated refusals of the policy API without letting a peer flood the audit
/// log: see `RefusalAuditLimiter` for what is written when. Writes run on the policy queue,
/// with the limiter's decision in the same step, so a peer's summary and its next individual
/// refusal are written in that order. Authenticated requests (every search attempt with a
/// valid token, every install of a document from the Chief's trust chain) never pass here:
/// they are audited one by one as before.
public final class RefusalAudit: Sendable {
    let recorder: any AuditRecorder
    let clock: any WallClock
    let queue: SerialLane
    let logger: Logger
    private let limiter: Locked<RefusalAuditLimiter>

    public static let defaultWindowSeconds: Int64 = 60
    public static let defaultMaximumPeers = 256

    public init(recorder: any AuditRecorder, clock: any WallClock, queue: SerialLane, windowSeconds: Int64 = defaultWindowSeconds,
                maximumPeers: Int = defaultMaximumPeers, logger: Logger) {
        self.recorder = recorder
        self.clock = clock
        self.queue = queue
        self.logger = logger
        limiter = Locked(RefusalAuditLimiter(windowMilliseconds: windowSeconds * 1000, maximumPeers: maximumPeers))
    }

    /// Audits `refusal` if it opens its peer's window, else counts it; returns once anything
    /// written is durable. A failed write is logged: the request is refused either way.
    public func refused(_ refusal: UnauthenticatedRefusal) async {
        await onLane { [self] in write(limiter.withLock { $0.admit(refusal, at: clock.now()) }) }
    }

    /// Writes the summaries of windows that have ended.
    public func flushEndedWindows() async {
        await onLane { [self] in write(limiter.withLock { $0.closeWindows(endedBy: clock.now()) }) }
    }

    /// Writes the summaries of every window, ended or not: at shutdown.
    public func flushAll() async {
        await onLane { [self] in write(limiter.withLock { $0.closeAll() }) }
    }

    private func onLane(_ body: @escaping @Sendable () -> Void) async {
        do { try await queue.run(body) } catch {
            logger.error("refused requests not audited: \(error)")
        }
    }

    private func write(_ events: [AuditEvent]) {
        for event in events {
            do {
                try recorder.record(event)
            } catch {
                logger.critical("cannot audit a refused request", metadata: ["event": "\(event.type)", "source": "\(event.source)", "error": "\(error)"])
            }
        }
    }
}

/// Writes the summaries of refusal windows as they end, and all outstanding ones at graceful
/// shutdown. Put it before the HTTP server in the service group (groups stop in reverse
/// order), so it flushes after the last request, and after the audit checkpoint service, so
/// the final checkpoint covers the flush.
public struct RefusalAuditService<C: Clock>: Service where C.Duration == Duration {
    let refusals: RefusalAudit
    let interval: Duration
    let clock: C

    public init(refusals: RefusalAudit, interval: Duration, clock: C) {
        self.refusals = refusals
        self.interval = interval
        self.clock = clock
    }

    public func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                break
            }
            await refusals.flushEndedWindows()
        }
        await refusals.flushAll()
    }
}

extension RefusalAuditService where C == ContinuousClock {
    /// The running unit's service: the real clock, looking once per window.
    public init(refusals: RefusalAudit) {
        self.init(refusals: refusals, interval: .seconds(RefusalAudit.defaultWindowSeconds), clock: ContinuousClock())
    }
}
