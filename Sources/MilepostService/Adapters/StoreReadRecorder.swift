import Foundation
import MilepostCore
import MilepostImaging
import MilepostStorage
import MilepostSystem

/// Keeps reads in the power-loss-safe ring. `ReadStore.append` returns only once the read
/// is durable (fdatasync, with group commit), so it runs on a queue of its own rather than
/// blocking the cooperative pool; the crop's JPEG encoding runs there too.
public struct StoreReadRecorder: ReadRecording {
    let store: ReadStore
    let unitID: String
    let cameraID: String
    let queue: SerialLane

    public init(store: ReadStore, unitID: String, cameraID: String, queue: SerialLane) {
        self.store = store
        self.unitID = unitID
        self.cameraID = cameraID
        self.queue = queue
    }

    public func record(_ observation: PlateObservation, frame: CapturedFrame, authorizationID: String) async throws {
        try await queue.run { [self] in
            _ = try store.append(try plateRead(observation, frame: frame, authorizationID: authorizationID))
        }
    }

    /// Runs on the store's queue: the evidence crop is JPEG-encoded there, off the capture path.
    private func plateRead(_ observation: PlateObservation, frame: CapturedFrame, authorizationID: String) throws -> PlateRead {
        PlateRead(
            readID: UUID(),
            captureTime: UTCTime(millisecondsSinceEpoch: frame.capturedAtMilliseconds),
            unitID: unitID, cameraID: cameraID,
            plate: try PlateText(normalizing: observation.text),
            confidence: try confidence(observation.confidence),
            // The reader ranks up to 9 alternatives; the store keeps the best 8.
            alternatives: try observation.alternatives.prefix(PlateRead.maximumAlternatives).map {
                AlternativeReading(plate: try PlateText(normalizing: $0.text), confidence: try confidence($0.confidence))
            },
            box: PlateBox(x: Int32(observation.box.x), y: Int32(observation.box.y),
                          width: Int32(observation.box.width), height: Int32(observation.box.height)),
            authorizationID: authorizationID,
            crop: try JPEG.encodeGrey(observation.crop, quality: 90))
    }
}

/// The recogniser's per-mille confidence as the core scale; out of range is the reader's fault.
func confidence(_ perMille: Int) throws -> Confidence {
    guard let confidence = Confidence(perMille: perMille) else { throw ConfidenceOutOfRange(perMille: perMille) }
    return confidence
}

struct ConfidenceOutOfRange: Error, CustomStringConvertible {
    let perMille: Int
    var description: String { "the reader reported confidence \(perMille), outside 0...1000 per mille" }
}
