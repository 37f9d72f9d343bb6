import Dispatch

/// Policy operations write and fsync files (the audit log, the use ledger, installed
/// documents) and read the store; they run on a queue of their own, one at a time, never on
/// the cooperative pool or the event loop.
enum BlockingPolicyWork {
    private static let queue = DispatchQueue(label: "milepost.policy.blocking")

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
