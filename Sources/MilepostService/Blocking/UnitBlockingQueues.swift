/// The running unit's queues for blocking file work, one per subsystem, so that work in one
/// (a long search) does not wait behind another (an hourly retention pass).
public struct UnitBlockingQueues: Sendable {
    /// The policy module's files: the audit log and its checkpoints, the search use ledger,
    /// installed documents, and the read store as searched through the policy API. Every
    /// audit write the service makes goes through this one queue, so entries are written in
    /// the order they were submitted (the log's own lock keeps each write whole).
    public let policy: BlockingQueue
    /// The notice outbox (hit commits, retention, replays) and officers' dispositions.
    public let notices: BlockingQueue
    /// The hotlist directory: the watch's look at the generation file and its reloads.
    public let hotlists: BlockingQueue
    /// The read store's appends (durable on return) and the crops' JPEG encoding.
    public let store: BlockingQueue

    public init() {
        policy = BlockingQueue(label: "milepost.policy.blocking")
        notices = BlockingQueue(label: "milepost.notices.blocking")
        hotlists = BlockingQueue(label: "milepost.hotlists.blocking")
        store = BlockingQueue(label: "milepost.store.append")
    }
}
