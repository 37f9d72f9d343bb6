import MilepostCore

/// Whether the read store's retention purge is keeping up, for /status: the last pass's
/// failure (nil once a pass succeeds again) and how many passes have failed since start.
public final class RetentionPurgeHealth: Sendable {
    public struct State: Sendable, Equatable {
        /// Why the last pass failed, or nil if it succeeded (or none has run).
        public var fault: String?
        public var failures = 0
        /// When the last pass that erased and audited everything due finished.
        public var lastSuccess: UTCTime?
    }

    private let state = Locked(State())

    public init() {}

    public var current: State { state.withLock { $0 } }

    func succeeded(at time: UTCTime) {
        state.withLock {
            $0.fault = nil
            $0.lastSuccess = time
        }
    }

    func failed(_ fault: String) {
        state.withLock {
            $0.fault = fault
            $0.failures += 1
        }
    }
}
