import Glibc
import MilepostCore

/// The system's real-time clock (`clock_gettime(CLOCK_REALTIME)`), truncated to milliseconds.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> UTCTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UTCTime(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public func sleep(until deadline: UTCTime) async throws {
        let delay = deadline.milliseconds(since: now())
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
    }
}
