import MilepostCore

/// Hands each newly stored notice to the open notice streams of this server. Notices are
/// published after their transaction commits, in sequence order (the store numbers them one
/// at a time).
public final class FleetNoticeFeed: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<FleetNotice>.Continuation] = [:]
        var nextSubscriber = 0
    }

    private let state = Locked(State())

    public init() {}

    public func publish(_ notice: FleetNotice) {
        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.yield(notice) }
    }

    /// Notices stored from now on; ends when the caller stops iterating.
    public func subscribe() -> AsyncStream<FleetNotice> {
        let (stream, continuation) = AsyncStream<FleetNotice>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        let id = state.withLock { state -> Int in
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}
