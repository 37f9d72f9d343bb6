import Foundation
import MilepostCore

/// The capture loop's entry point: matches a read against the permitted hotlists and, for
/// the first frame of a vehicle pass that hits, commits one notice to the outbox. The
/// returned notice is already durable; delivery happens in the background.
///
/// Which passes were notified is remembered from the outbox itself: at start the notices
/// it already holds, within the deduplicator's memory, mark their passes as notified, so a
/// restart does not notify the same vehicle again.
public final class HitNotifier: Sendable {
    private let hotlists: HotlistStore
    private let outbox: NoticeOutbox
    private let deduplicator: Locked<PassDeduplicator>
    private let makeID: @Sendable () -> String

    public init(
        hotlists: HotlistStore, outbox: NoticeOutbox, clock: any WallClock,
        deduplicator: PassDeduplicator = PassDeduplicator(),
        makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) throws(OutboxError) {
        var remembered = deduplicator
        for stored in try outbox.notices(committedSince: clock.now().millisecondsSinceEpoch - deduplicator.memoryMillis) {
            // The plate was normalised when the notice was built; it always parses again.
            guard let plate = try? PlateText(normalizing: stored.notice.plate) else { continue }
            remembered.recordNotice(plate: plate, now: stored.notice.capturedAtMillis)
        }
        self.hotlists = hotlists
        self.outbox = outbox
        self.deduplicator = Locked(remembered)
        self.makeID = makeID
    }

    /// - Parameter permitted: the list names the active targeting authorization permits.
    /// - Returns: the committed notice, or nil when the read hit nothing or belongs to a
    ///   pass already notified.
    public func process(_ read: PlateRead, capture: CaptureContext, permitted: Set<String>) throws(OutboxError) -> StoredNotice? {
        try process(read, permitted: permitted) { capture }
    }

    /// As above, building the capture context (and encoding its scene image) only when a
    /// notice is actually committed. The pass is marked notified only after the commit returned:
    /// when it fails, the next frame of the pass tries again.
    public func process(
        _ read: PlateRead, permitted: Set<String>, capture: () -> CaptureContext
    ) throws(OutboxError) -> StoredNotice? {
        let capturedAtMillis = read.captureTime.millisecondsSinceEpoch
        let hits = hotlists.matcher.match(read, permitted: permitted, at: capturedAtMillis / 1000)
        guard let best = hits.first else { return nil }
        // Held across the commit so that two frames of one pass cannot both commit.
        return try deduplicator.withLock { (deduplicator) throws(OutboxError) -> StoredNotice? in
            guard deduplicator.shouldNotify(plate: read.plate, priority: best.list.priority, now: capturedAtMillis) else { return nil }
            let stored = try outbox.commit(HitNotice(id: makeID(), hits: hits, capture: capture()))
            deduplicator.recordNotice(plate: read.plate, now: capturedAtMillis)
            return stored
        }
    }
}
