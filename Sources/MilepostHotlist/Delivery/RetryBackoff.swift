/// Exponential backoff with jitter: after attempt n fails, wait a random time between half
/// and all of `initial × 2^(n-1)`, capped at `maximum`. The jitter keeps many units that
/// lost the same receiver from retrying in lockstep.
public struct RetryBackoff: Sendable, Equatable {
    public var initialMillis: Int64
    public var maximumMillis: Int64

    public init(initialMillis: Int64 = 50, maximumMillis: Int64 = 60_000) {
        self.initialMillis = initialMillis
        self.maximumMillis = maximumMillis
    }

    /// - Parameter unitRandom: a value in 0..<1 from the injected random source.
    public func delayMillis(afterFailedAttempt attempt: Int, unitRandom: Double) -> Int64 {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maximumMillis, initialMillis << exponent)
        let jitter = min(max(unitRandom, 0), 1)
        return ceiling / 2 + Int64(Double(ceiling - ceiling / 2) * jitter)
    }
}

/// Random numbers for jitter, injectable so tests are repeatable.
public protocol JitterSource: Sendable {
    /// A value in 0..<1.
    func next() -> Double
}

public struct SystemJitter: JitterSource {
    public init() {}
    public func next() -> Double { Double.random(in: 0..<1) }
}
