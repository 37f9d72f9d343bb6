import MilepostCore
import MilepostHotlist
import MilepostImaging
import MilepostSystem

/// Connects the capture pipeline's hit port to the hotlist matcher and the notice outbox:
/// a read that hits a list permitted by the cycle's authorization, on the first frame of a
/// vehicle pass, commits one notice naming that authorization's site. The notice carries the
/// read's own crop; the scene image is encoded only then, not for every frame. Matching,
/// encoding and the commit (write and fsync) run on `queue`, the unit's notices lane, off the
/// capture task's cooperative thread.
public struct NoticeHitChecker: HitChecking {
    let notifier: HitNotifier
    let queue: SerialLane

    public init(notifier: HitNotifier, queue: SerialLane) {
        self.notifier = notifier
        self.queue = queue
    }

    public func check(_ read: PlateRead, frame: CapturedFrame, scope: HitScope) async throws -> Int {
        let committed = try await queue.run { [notifier] () throws -> Bool in
            let stored = try notifier.process(read, permitted: scope.permittedHotlists) {
                CaptureContext(site: scope.site, contextJPEG: try? JPEG.encodeGrey(frame.image, quality: 70))
            }
            return stored != nil
        }
        return committed ? 1 : 0
    }
}
