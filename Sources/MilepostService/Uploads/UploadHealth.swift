import MilepostCore
import MilepostStorage
import MilepostSystem

/// What the uploader last did, for /status: kept by the uploader, read by the API.
public final class UploadHealth: Sendable {
    public struct State: Sendable, Equatable {
        public var acknowledgedThrough: UInt64 = 0
        /// Posts failed in a row (no answer, an error status, or an answer refused).
        public var consecutiveFailures = 0
        /// Why the last post failed, until one succeeds.
        public var lastFailure: String?
        public var lastAcknowledgedAt: UTCTime?
        /// Reads the ring overwrote before upload since the unit started (each audited).
        public var overwrittenBeforeUpload = 0
    }

    private let state: Locked<State>

    public init(acknowledgedThrough: UInt64 = 0) {
        state = Locked(State(acknowledgedThrough: acknowledgedThrough))
    }

    public var current: State { state.withLock { $0 } }

    func acknowledged(through sequence: UInt64, at time: UTCTime) {
        state.withLock {
            $0.acknowledgedThrough = max($0.acknowledgedThrough, sequence)
            $0.consecutiveFailures = 0
            $0.lastFailure = nil
            $0.lastAcknowledgedAt = time
        }
    }

    func failed(_ reason: String) {
        state.withLock {
            $0.consecutiveFailures += 1
            $0.lastFailure = reason
        }
    }

    func overwritten(_ count: Int) {
        state.withLock { $0.overwrittenBeforeUpload += count }
    }
}

/// The upload section of /status: where the reads go, how far the server has acknowledged,
/// and the alarm when the reads waiting fill most of the ring.
public struct UploadMonitor: Sendable {
    public struct Status: Codable, Sendable, Equatable {
        public var server: String
        public var acknowledgedThrough: UInt64
        public var waitingReads: Int
        /// How much of the ring is written from the oldest waiting read's segment on, in percent.
        public var backlogPercent: Double
        /// Set while `backlogPercent` is at or above the alarm threshold: say what happens next.
        public var backlogAlarm: String?
        public var consecutiveFailures: Int
        public var lastFailure: String?
        public var overwrittenBeforeUpload: Int
    }

    let server: String
    let store: ReadStore
    /// Where the store's backlog is read: its lock can be held while a segment is zeroed.
    let lane: SerialLane
    let health: UploadHealth
    let alarmFraction: Double

    public init(server: String, store: ReadStore, lane: SerialLane, health: UploadHealth,
                alarmFraction: Double = UploadSettings.defaultBacklogAlarmFraction) {
        self.server = server
        self.store = store
        self.lane = lane
        self.health = health
        self.alarmFraction = alarmFraction
    }

    static func alarm(_ backlog: UploadBacklog, threshold: Double) -> String? {
        guard backlog.waitingReads > 0, backlog.fractionOfCapacity >= threshold else { return nil }
        return "reads not yet uploaded fill \(percent(backlog.fractionOfCapacity))% of the read store (alarm at \(percent(threshold))%); "
            + "the ring overwrites the oldest of them when it is full, and counts and audits each one"
    }

    static func percent(_ fraction: Double) -> Double { (fraction * 1000).rounded() / 10 }

    /// Reads the store's backlog on `lane` (a lock on the store, no file access); throws only
    /// once the unit's blocking pool has stopped.
    public func status() async throws -> Status {
        let backlog = try await lane.run { [store] in store.uploadBacklog() }
        let state = health.current
        return Status(server: server, acknowledgedThrough: state.acknowledgedThrough, waitingReads: backlog.waitingReads,
                      backlogPercent: Self.percent(backlog.fractionOfCapacity), backlogAlarm: Self.alarm(backlog, threshold: alarmFraction),
                      consecutiveFailures: state.consecutiveFailures, lastFailure: state.lastFailure,
                      overwrittenBeforeUpload: state.overwrittenBeforeUpload)
    }
}
