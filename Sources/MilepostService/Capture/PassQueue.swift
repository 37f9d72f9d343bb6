/// The bounded queue between capture and recognition. Capture offers each pass and moves on;
/// recognition takes them in order. When `capacity` passes wait unread, a new pass is dropped
/// and counted rather than queued, so a burst of traffic costs frames, never unbounded memory
/// or a late trigger.
public struct PassQueue: Sendable {
    public let capacity: Int
    public let passes: AsyncStream<CapturedPass>
    private let continuation: AsyncStream<CapturedPass>.Continuation

    public init(capacity: Int) {
        precondition(capacity >= 1, "a pass queue holds at least one pass")
        self.capacity = capacity
        (passes, continuation) = AsyncStream.makeStream(of: CapturedPass.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Queues `pass`, or returns false when the queue is full (the pass is not kept).
    public func offer(_ pass: CapturedPass) -> Bool {
        switch continuation.yield(pass) {
        case .enqueued: return true
        case .dropped, .terminated: return false
        @unknown default: return false
        }
    }

    /// No more passes: recognition reads what is queued, then its loop ends.
    public func finish() { continuation.finish() }
}
