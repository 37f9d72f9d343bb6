import Glibc
import MilepostCore

/// One subsystem's blocking work on the shared `BlockingPool`, run one item at a time in
/// submission order. Callers that need an order between writes (the audit log) share one
/// lane; subsystems that must not wait behind each other (a long search, a revocation) use
/// their own. A lane holds no thread of its own: while it has work, one pool thread drains it.
public final class SerialLane: Sendable {
    public let label: String
    private let pool: BlockingPool
    private let state = Locked(State())

    private struct Job: Sendable {
        let run: @Sendable () -> Void
        let refuse: @Sendable (any Error) -> Void
    }

    private struct State {
        var waiting: [Job] = []
        var draining = false
        var drainingThread: pthread_t?
    }

    public init(label: String, pool: BlockingPool) {
        self.label = label
        self.pool = pool
    }

    /// Runs `body` on the pool after every item submitted before it, and returns (or throws)
    /// what it did, suspending the caller without blocking a cooperative thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(Job(
                run: { continuation.resume(with: Result { try body() }) },
                refuse: { continuation.resume(throwing: $0) }))
        }
    }

    private func enqueue(_ job: Job) {
        let startDraining = state.withLock { state in
            state.waiting.append(job)
            if state.draining { return false }
            state.draining = true
            return true
        }
        if startDraining { pool.submit(drain, refused: refuseWaiting) }
    }

    /// Whether the calling code is this lane's work, running on the pool (tests use this to
    /// prove where work ran).
    public var isCurrent: Bool {
        let me = pthread_self()
        return state.withLock { state in state.drainingThread.map { pthread_equal($0, me) != 0 } ?? false }
    }

    private func drain() {
        let me = pthread_self()
        state.withLock { $0.drainingThread = me }
        while let job = nextJob() { job.run() }
    }

    private func nextJob() -> Job? {
        state.withLock { state in
            if state.waiting.isEmpty {
                state.draining = false
                state.drainingThread = nil
                return nil
            }
            return state.waiting.removeFirst()
        }
    }

    private func refuseWaiting(_ error: any Error) {
        let refused = state.withLock { state in
            defer { state.waiting.removeAll(); state.draining = false }
            return state.waiting
        }
        for job in refused { job.refuse(error) }
    }
}
