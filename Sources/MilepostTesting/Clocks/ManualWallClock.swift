import MilepostCore

/// Virtual wall time for tests: `now` moves only when the test sets or advances it (a negative
/// advance steps it back, as an operator can), and sleepers wake when the time they wait for
/// is reached.
public final class ManualWallClock: WallClock {
    private struct Sleeper {
        let deadline: UTCTime
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let state: Locked<(now: UTCTime, sleepers: [Int: Sleeper], next: Int)>

    /// 2026-11-18T08:26:40Z unless told otherwise.
    public static let defaultStart = UTCTime(millisecondsSinceEpoch: 1_795_000_000_000)

    public init(_ start: UTCTime = ManualWallClock.defaultStart) { state = Locked((start, [:], 0)) }

    public func now() -> UTCTime { state.withLock { $0.now } }

    public func advance(milliseconds: Int64) { move { $0.adding(milliseconds: milliseconds) } }

    public func advance(seconds: Int64) { advance(milliseconds: seconds * 1000) }

    /// Moves to `time` unless the clock is already past it, and wakes the sleepers then due.
    public func advance(to time: UTCTime) { move { max($0, time) } }

    /// Sets the time, backwards too (a clock stepped back), and wakes the sleepers then due.
    public func set(_ time: UTCTime) { move { _ in time } }

    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    private func move(_ newTime: (UTCTime) -> UTCTime) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = newTime(state.now)
            let ready = state.sleepers.filter { $0.value.deadline <= state.now }
            for key in ready.keys { state.sleepers[key] = nil }
            return ready.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    public func sleep(until deadline: UTCTime) async throws {
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
