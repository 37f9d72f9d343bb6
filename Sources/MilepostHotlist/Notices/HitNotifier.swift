import Foundation
import Synchronization

/// The capture loop's entry point: matches a read against the permitted hotlists and, for
/// the first frame of a vehicle pass that hits, commits one notice to the outbox. The
/// returned notice is already durable; delivery happens in the background.
public final class HitNotifier: Sendable {
    private let hotlists: HotlistStore
    private let outbox: NoticeOutbox
    private let clock: any NoticeClock
    private let deduplicator: Mutex<PassDeduplicator>
    private let makeID: @Sendable () -> String

    public init(
        hotlists: HotlistStore, outbox: NoticeOutbox, clock: any NoticeClock,
        deduplicator: PassDeduplicator = PassDeduplicator(),
        makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.hotlists = hotlists
        self.outbox = outbox
        self.clock = clock
        self.deduplicator = Mutex(deduplicator)
        self.makeID = makeID
    }

    /// - Parameter permitted: the list names the active targeting authorization permits.
    /// - Returns: the committed notice, or nil when the read hit nothing or belongs to a
    ///   pass already notified.
    public func process(_ read: PlateRead, capture: CaptureContext, permitted: Set<String>) throws(OutboxError) -> StoredNotice? {
        try process(read, capturedAtMillis: capture.capturedAtMillis, permitted: permitted) { capture }
    }

    /// As above, building the capture context (and encoding its images) only when a notice
    /// is actually committed.
    public func process(
        _ read: PlateRead, capturedAtMillis: Int64, permitted: Set<String>, capture: () -> CaptureContext
    ) throws(OutboxError) -> StoredNotice? {
        let hits = hotlists.matcher.match(read, permitted: permitted, at: capturedAtMillis / 1000)
        guard let best = hits.first else { return nil }
        let notify = deduplicator.withLock {
            $0.shouldNotify(plate: read.plate, priority: best.list.priority, now: capturedAtMillis)
        }
        guard notify else { return nil }
        return try outbox.commit(HitNotice(id: makeID(), hits: hits, capture: capture()))
    }
}
