import NIOPosix

/// The one pool of threads the unit runs blocking work on: file reads and writes, fsync,
/// camera waits and recognition. It is made once at start-up and handed to every part that
/// blocks, so none of them ever holds a thread of Swift's cooperative pool (two threads on a
/// 2-core unit: one fsync there would stall capture, HTTP and every other task).
public final class BlockingPool: Sendable {
    private let threads: NIOThreadPool
    private let ownsThreads: Bool

    /// A pool of `threadCount` threads, started now and stopped by `shutdown()`.
    public init(threadCount: Int) {
        precondition(threadCount > 0, "a blocking pool needs at least one thread")
        threads = NIOThreadPool(numberOfThreads: threadCount)
        threads.start()
        ownsThreads = true
    }

    /// A pool over threads someone else started and stops.
    public init(sharing threads: NIOThreadPool) {
        self.threads = threads
        ownsThreads = false
    }

    /// Runs `body` on one of the pool's threads and returns (or throws) what it did, suspending
    /// the caller without blocking a cooperative thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }

    /// Runs non-throwing `body` on one of the pool's threads.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await threads.runIfActive(body)
    }

    /// Runs `body` on one of the pool's threads without waiting for it; if the pool has been
    /// shut down, calls `refused` with the reason instead.
    func submit(_ body: @escaping @Sendable () -> Void, refused: @escaping @Sendable (any Error) -> Void) {
        threads.submit { state in
            switch state {
            case .active: body()
            case .cancelled: refused(BlockingPoolError.shutDown)
            }
        }
    }

    /// Waits for running work to finish and stops the threads, if this pool started them.
    public func shutdown() async throws {
        if ownsThreads { try await threads.shutdownGracefully() }
    }
}

public enum BlockingPoolError: Error, CustomStringConvertible {
    case shutDown

    public var description: String { "the blocking pool has been shut down; no more work is accepted" }
}
