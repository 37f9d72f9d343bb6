import Glibc
import MilepostCore

/// Wall-clock time for notices and delivery scheduling, behind a protocol so tests run on
/// virtual time.
public protocol NoticeClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    func nowMillis() -> Int64
    /// Suspends until `deadline` (same scale as `nowMillis`) or until cancelled.
    func sleep(untilMillis deadline: Int64) async throws
}

public struct SystemNoticeClock: NoticeClock {
    public init() {}

    public func nowMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    public func sleep(untilMillis deadline: Int64) async throws {
        let delay = deadline - nowMillis()
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
    }
}

/// Virtual time for tests: `now` moves only when the test advances it; sleepers wake when
/// the time they wait for is reached.
public final class ManualNoticeClock: NoticeClock {
    private struct Sleeper {
        let deadline: Int64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let state: Locked<(now: Int64, sleepers: [Int: Sleeper], next: Int)>

    public init(nowMillis: Int64 = 1_795_000_000_000) { state = Locked((nowMillis, [:], 0)) }

    public func nowMillis() -> Int64 { state.withLock { $0.now } }

    public func advance(byMillis delta: Int64) { advance(toMillis: nowMillis() + delta) }

    public func advance(toMillis time: Int64) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = max(state.now, time)
            let ready = state.sleepers.filter { $0.value.deadline <= state.now }
            for key in ready.keys { state.sleepers[key] = nil }
            return ready.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(untilMillis deadline: Int64) async throws {
        let id = state.withLock { state -> Int in
            state.next += 1
            return state.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.now >= deadline || Task.isCancelled { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }
}
