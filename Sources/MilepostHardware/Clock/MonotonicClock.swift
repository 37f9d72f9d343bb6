#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clock and sleeper that all timing logic (sequencer, duty cycle, backoff, replay rate)
/// is written against, so tests can run it on ``VirtualClock`` without real waiting.
public protocol MonotonicClock: Sendable {
    func now() -> MonotonicInstant
    /// Suspends until `deadline` (returns at once if it has passed). Throws on cancellation.
    func sleep(until deadline: MonotonicInstant) async throws
}

extension MonotonicClock {
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now() + duration)
    }
}

/// CLOCK_MONOTONIC, the clock the kernel stamps GPIO events and V4L2 buffers with.
public struct SystemMonotonicClock: MonotonicClock {
    public init() {}

    public func now() -> MonotonicInstant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicInstant(timespec: ts)
    }

    /// Long waits suspend the task; the last two milliseconds block the thread on an
    /// absolute clock_nanosleep, because trigger pulses are a few hundred microseconds wide
    /// and a task wake-up is only accurate to about a millisecond.
    public func sleep(until deadline: MonotonicInstant) async throws {
        let precise = Duration.milliseconds(2)
        let remaining = deadline - now()
        if remaining > precise {
            try await Task.sleep(for: remaining - precise)
        }
        try Task.checkCancellation()
        var ts = timespec(tv_sec: Int(deadline.nanoseconds / 1_000_000_000), tv_nsec: Int(deadline.nanoseconds % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }
}

extension MonotonicInstant {
    init(timespec ts: timespec) {
        self.init(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    init(timeval tv: timeval) {
        self.init(nanoseconds: Int64(tv.tv_sec) * 1_000_000_000 + Int64(tv.tv_usec) * 1_000)
    }
}
