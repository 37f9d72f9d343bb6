import MilepostSystem

/// The running unit's lanes for blocking work on its one `BlockingPool`, one per subsystem, so
/// that work in one (a long search) does not wait behind another (an hourly retention pass).
public struct UnitLanes: Sendable {
    /// Threads of the unit's blocking pool: one for each lane, one for the presence wait (held
    /// while capture runs), one for the camera wait and one for recognition, plus one spare for
    /// webhook delivery records, so no part waits for a thread behind another.
    public static let poolThreadCount = 10

    /// The policy module's files: the audit log and its checkpoints, the search use ledger,
    /// installed documents, and the read store as searched through the policy API. The
    /// policy routes (their refusals included), the officers' notice audit and checkpoint
    /// signing all write the audit log through this one queue, so their entries are written
    /// in the order submitted.
    public let policy: SerialLane
    /// The deployment guard's capture decisions, which audit each change and persist the time
    /// floor. Apart from the policy queue so that a long search cannot delay a revocation;
    /// the audit log's own lock orders its entries with the policy queue's.
    public let capturePermission: SerialLane
    /// The notice outbox (hit commits, retention, stream replays), officers' dispositions and
    /// the officer tokens file.
    public let notices: SerialLane
    /// The hotlist directory: the watch's look at the generation file and its reloads.
    public let hotlists: SerialLane
    /// The read store's appends (durable on return), the crops' JPEG encoding and the hourly
    /// retention purge.
    public let store: SerialLane
    /// The read uploader: reading batches from the store, encoding and signing them, and the
    /// upload cursor. Apart from the store's lane, so that capture never waits behind a batch.
    public let uploads: SerialLane

    public init(pool: BlockingPool) {
        policy = SerialLane(label: "milepost.policy", pool: pool)
        capturePermission = SerialLane(label: "milepost.capture.permission", pool: pool)
        notices = SerialLane(label: "milepost.notices", pool: pool)
        hotlists = SerialLane(label: "milepost.hotlists", pool: pool)
        store = SerialLane(label: "milepost.store.append", pool: pool)
        uploads = SerialLane(label: "milepost.store.upload", pool: pool)
    }
}
