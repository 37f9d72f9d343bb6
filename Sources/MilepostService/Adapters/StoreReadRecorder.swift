import MilepostCore
import MilepostStorage
import MilepostSystem

/// Keeps reads in the power-loss-safe ring. `ReadStore.append` returns only once the read
/// is durable (fdatasync, with group commit), so it runs on a lane of its own rather than
/// blocking the cooperative pool.
public struct StoreReadRecorder: ReadRecording {
    let store: ReadStore
    let queue: SerialLane

    public init(store: ReadStore, queue: SerialLane) {
        self.store = store
        self.queue = queue
    }

    public func record(_ read: PlateRead) async throws {
        try await queue.run { [store] in _ = try store.append(read) }
    }
}
