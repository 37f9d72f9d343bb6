import MilepostCore
import MilepostHardware

/// A clock for tests: time moves only when a test advances it, or when code under test
/// sleeps, which jumps time straight to the deadline. A single sequence of awaits therefore
/// runs instantly and every timestamp it produces is exact.
public final class VirtualClock: MonotonicClock {
    private let current: Locked<MonotonicInstant>
    private let sleeps = Locked<[MonotonicInstant]>([])

    public init(start: MonotonicInstant = MonotonicInstant(nanoseconds: 1_000_000_000)) {
        current = Locked(start)
    }

    public func now() -> MonotonicInstant { current.withLock { $0 } }

    public func advance(by duration: Duration) {
        current.withLock { $0 = $0 + duration }
    }

    public func sleep(until deadline: MonotonicInstant) async throws {
        try Task.checkCancellation()
        sleeps.withLock { $0.append(deadline) }
        current.withLock { now in
            if deadline > now { now = deadline }
        }
    }

    /// Every deadline slept until, in order (for asserting backoff and pacing).
    public var sleepDeadlines: [MonotonicInstant] { sleeps.withLock { $0 } }
}
