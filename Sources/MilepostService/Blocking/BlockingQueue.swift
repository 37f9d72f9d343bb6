import Dispatch

/// A serial dispatch queue for one subsystem's blocking file work (reads, writes, fsync,
/// rename), so that work never holds a thread of Swift's cooperative pool. On a 2-core unit
/// that pool has two threads: one fsync there would stall capture, HTTP and every other task.
///
/// Work submitted to one queue runs one item at a time, in submission order; callers that
/// need an order between writes (the audit log) share one queue.
public final class BlockingQueue: Sendable {
    public let label: String
    private let queue: DispatchQueue
    private let marker = QueueMarker()

    public init(label: String) {
        self.label = label
        queue = DispatchQueue(label: label)
        queue.setSpecific(key: marker.key, value: true)
    }

    /// Runs `body` on this queue and returns (or throws) what it did, suspending the caller
    /// without blocking a cooperative thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs non-throwing `body` on this queue.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    /// Whether the calling code is running on this queue (tests use this to prove where work ran).
    public var isCurrent: Bool { DispatchQueue.getSpecific(key: marker.key) == true }

    /// Stops the process if not called on this queue: `dispatchPrecondition(condition: .onQueue)`.
    public func preconditionOnQueue() { dispatchPrecondition(condition: .onQueue(queue)) }
}

/// The per-queue key that `isCurrent` looks for; set once in `BlockingQueue.init` and never
/// mutated, so sharing it across threads is safe.
private final class QueueMarker: @unchecked Sendable {
    let key = DispatchSpecificKey<Bool>()
}
