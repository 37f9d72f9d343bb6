/// The running unit's queues for blocking file work, one per subsystem, so that work in one
/// (a long search) does not wait behind another (an hourly retention pass).
public struct UnitBlockingQueues: Sendable {
    /// The policy module's files: the audit log and its checkpoints, the search use ledger,
    /// installed documents, and the read store as searched through the policy API. The
    /// policy routes (their refusals included), the officers' notice audit and checkpoint
    /// signing all write the audit log through this one queue, so their entries are written
    /// in the order submitted.
    public let policy: BlockingQueue
    /// The deployment guard's capture decisions, which audit each change and persist the time
    /// floor. Apart from the policy queue so that a long search cannot delay a revocation;
    /// the audit log's own lock orders its entries with the policy queue's.
    public let capturePermission: BlockingQueue
    /// The notice outbox (hit commits, retention, stream replays), officers' dispositions and
    /// the officer tokens file.
    public let notices: BlockingQueue
    /// The hotlist directory: the watch's look at the generation file and its reloads.
    public let hotlists: BlockingQueue
    /// The read store's appends (durable on return) and the crops' JPEG encoding.
    public let store: BlockingQueue

    public init() {
        policy = BlockingQueue(label: "milepost.policy.blocking")
        capturePermission = BlockingQueue(label: "milepost.capture.permission")
        notices = BlockingQueue(label: "milepost.notices.blocking")
        hotlists = BlockingQueue(label: "milepost.hotlists.blocking")
        store = BlockingQueue(label: "milepost.store.append")
    }
}
