import Foundation

/// The wall clock, behind a protocol so that expiry, the time floor and the audit timestamps
/// are tested with virtual time.
public protocol PolicyClock: Sendable {
    func now() -> UTCTime
}

/// The system real-time clock (`clock_gettime(CLOCK_REALTIME)`).
public struct SystemPolicyClock: PolicyClock {
    public init() {}

    public func now() -> UTCTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UTCTime(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}

/// A clock that only moves when told to: the test double for every timing rule.
public final class ManualPolicyClock: PolicyClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: UTCTime

    public init(_ start: UTCTime) { current = start }

    public func now() -> UTCTime { lock.withLock { current } }

    public func advance(seconds: Int64) { advance(milliseconds: seconds * 1000) }

    public func advance(milliseconds: Int64) { lock.withLock { current = current.adding(milliseconds: milliseconds) } }

    public func set(_ time: UTCTime) { lock.withLock { current = time } }
}
