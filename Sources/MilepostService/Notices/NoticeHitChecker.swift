import MilepostCore
import MilepostHotlist
import MilepostImaging
import MilepostSystem

/// Connects the capture pipeline's hit port to the hotlist matcher and the notice outbox:
/// a read that hits a list permitted by the cycle's authorization, on the first frame of a
/// vehicle pass, commits one notice naming that authorization's site. Images are encoded
/// only then, not for every frame. Matching, encoding and the commit (write and fsync) run on
/// `queue`, the unit's notices queue, off the capture task's cooperative thread.
public struct NoticeHitChecker: HitChecking {
    let notifier: HitNotifier
    let unit: String
    let queue: SerialLane

    public init(notifier: HitNotifier, unit: String, queue: SerialLane) {
        self.notifier = notifier
        self.unit = unit
        self.queue = queue
    }

    /// Throws, naming the plate, when the read is not a plate the hotlists can be searched for:
    /// the pipeline logs and counts it as a failed hotlist check rather than a read without a hit.
    public func check(_ observation: PlateObservation, frame: CapturedFrame, scope: HitScope) async throws -> Int {
        let plate = try PlateText(normalizing: observation.text)
        let read = PlateRead(plate: plate, state: nil, confidence: try confidence(observation.confidence))
        let location = HitNotice.Location(latitude: scope.site.latitude, longitude: scope.site.longitude,
                                          description: scope.site.description)
        let committed = try await queue.run { [notifier, unit] () throws -> Bool in
            let stored = try notifier.process(read, capturedAtMillis: frame.capturedAtMilliseconds, permitted: scope.permittedHotlists) {
                CaptureContext(
                    unit: unit, site: scope.site.description, location: location, capturedAtMillis: frame.capturedAtMilliseconds,
                    plateCropJPEG: try? JPEG.encodeGrey(observation.crop), contextJPEG: try? JPEG.encodeGrey(frame.image, quality: 70))
            }
            return stored != nil
        }
        return committed ? 1 : 0
    }
}
