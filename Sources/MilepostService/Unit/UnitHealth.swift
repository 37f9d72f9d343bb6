import MilepostCore

/// Whether the running unit is doing its job, as the watchdog judges it: when a vehicle was
/// present and capture allowed, a frame followed within `frameGrace`; the last read it tried to
/// store was committed; and the audit log took its last entry. The capture pipeline reports
/// into it; `ServiceManagerService` pings the watchdog only while `problem` is nil.
public final class UnitHealth: Sendable {
    struct State {
        var presenceWaitingForFrame: ContinuousClock.Instant?
        var storeFailure: String?
    }

    public let frameGrace: Duration
    private let state = Locked(State())
    private let auditFailure: @Sendable () -> String?

    public init(frameGrace: Duration = .seconds(10), auditFailure: @escaping @Sendable () -> String? = { nil }) {
        self.frameGrace = frameGrace
        self.auditFailure = auditFailure
    }

    /// A vehicle is present and capture is allowed: a frame should follow.
    func presenceAllowed(at instant: ContinuousClock.Instant = .now) {
        state.withLock { if $0.presenceWaitingForFrame == nil { $0.presenceWaitingForFrame = instant } }
    }

    /// A frame came, or the illuminator's duty limit skipped the cycle by design.
    func presenceHandled() {
        state.withLock { $0.presenceWaitingForFrame = nil }
    }

    func storeCommitted() { state.withLock { $0.storeFailure = nil } }

    func storeFailed(_ reason: String) { state.withLock { $0.storeFailure = reason } }

    /// Why the unit is not healthy at `instant`, or nil when it is.
    public func problem(at instant: ContinuousClock.Instant = .now) -> String? {
        let (waiting, storeFailure) = state.withLock { ($0.presenceWaitingForFrame, $0.storeFailure) }
        if let waiting, instant - waiting > frameGrace {
            return "no frame for \(instant - waiting) since a vehicle was present (capture allowed)"
        }
        if let storeFailure { return "the last read was not stored: \(storeFailure)" }
        if let auditFailure = auditFailure() { return "the audit log cannot be written: \(auditFailure)" }
        return nil
    }
}
