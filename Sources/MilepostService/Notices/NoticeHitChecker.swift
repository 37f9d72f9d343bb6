import MilepostHotlist
import MilepostImaging

/// Connects the capture pipeline's hit port to the hotlist matcher and the notice outbox:
/// a read that hits a permitted list on the first frame of a vehicle pass commits one
/// notice. Images are encoded only then, not for every frame.
public struct NoticeHitChecker: HitChecking {
    let notifier: HitNotifier
    let unit: String
    let site: String
    let location: HitNotice.Location

    public init(notifier: HitNotifier, unit: String, site: String, location: HitNotice.Location) {
        self.notifier = notifier
        self.unit = unit
        self.site = site
        self.location = location
    }

    public func check(_ observation: PlateObservation, frame: CapturedFrame, permittedHotlists: Set<String>) async throws -> Int {
        guard let plate = try? PlateText(normalizing: observation.text) else { return 0 }
        let read = PlateRead(plate: plate, state: nil, confidence: Double(observation.confidence) / 1000)
        let stored = try notifier.process(read, capturedAtMillis: frame.capturedAtMilliseconds, permitted: permittedHotlists) {
            CaptureContext(
                unit: unit, site: site, location: location, capturedAtMillis: frame.capturedAtMilliseconds,
                plateCropJPEG: try? JPEG.encodeGrey(observation.crop), contextJPEG: try? JPEG.encodeGrey(frame.image, quality: 70))
        }
        return stored == nil ? 0 : 1
    }
}
