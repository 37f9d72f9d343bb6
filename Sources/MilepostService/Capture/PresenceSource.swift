/// Vehicle-presence events: a loop detector or radar relay edge on a real board, a timer on
/// the simulated one. Each element is one vehicle entering the capture zone.
public protocol PresenceSource: Sendable {
    func events() -> AsyncStream<PresenceEvent>
}

public struct PresenceEvent: Sendable, Equatable {
    /// Kernel or clock timestamp of the edge, in nanoseconds.
    public var timestampNanoseconds: UInt64

    public init(timestampNanoseconds: UInt64) {
        self.timestampNanoseconds = timestampNanoseconds
    }
}

/// A presence source that fires every `interval` on the given clock: the simulated board's
/// stand-in for a loop detector.
public struct PeriodicPresenceSource<C: Clock>: PresenceSource where C.Duration == Duration {
    public let interval: Duration
    public let clock: C

    public init(interval: Duration, clock: C) {
        self.interval = interval
        self.clock = clock
    }

    public func events() -> AsyncStream<PresenceEvent> {
        let (stream, continuation) = AsyncStream<PresenceEvent>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let task = Task { [interval, clock] in
            var tick: UInt64 = 0
            while !Task.isCancelled {
                do {
                    try await clock.sleep(for: interval)
                } catch {
                    break
                }
                tick += 1
                continuation.yield(PresenceEvent(timestampNanoseconds: tick))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
