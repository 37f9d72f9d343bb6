import MilepostStorage
import ServiceLifecycle
import MilepostSystem

/// Holds the read store open while the unit runs and closes it when the unit stops. First in
/// the unit's service group, so it stops last: capture, the API and every other part that
/// reads or writes the store have stopped by then.
struct ReadStoreService: Service {
    let store: ReadStore
    /// The store's queue: closing waits for a group commit in progress.
    let queue: SerialLane

    func run() async throws {
        // Returns on graceful shutdown, or throws when the group is cancelled; closes either way.
        try? await gracefulShutdown()
        do {
            try await queue.run { [store] in store.close() }
        } catch {
            store.close()  // the pool has stopped: nothing else can be writing
        }
    }
}
