import Dispatch
import Foundation
import MilepostImaging
import MilepostStorage

/// Keeps reads in the power-loss-safe ring. `ReadStore.append` returns only once the read
/// is durable (fdatasync, with group commit), so it runs on a queue of its own rather than
/// blocking the cooperative pool.
public struct StoreReadRecorder: ReadRecording {
    let store: ReadStore
    let unitID: String
    let cameraID: String
    private let queue = DispatchQueue(label: "milepost.store.append")

    public init(store: ReadStore, unitID: String, cameraID: String) {
        self.store = store
        self.unitID = unitID
        self.cameraID = cameraID
    }

    public func record(_ observation: PlateObservation, frame: CapturedFrame, authorizationID: String) async throws {
        let read = PlateRead(
            readID: UUID(),
            captureTime: Timestamp(millisecondsSinceEpoch: frame.capturedAtMilliseconds),
            unitID: unitID, cameraID: cameraID,
            plate: observation.text,
            confidence: Float(observation.confidence) / 1000,
            alternatives: observation.alternatives.map { AlternativeReading(plate: $0, confidence: 0) },
            box: PlateBox(x: Int32(observation.box.x), y: Int32(observation.box.y),
                          width: Int32(observation.box.width), height: Int32(observation.box.height)),
            authorizationID: authorizationID,
            crop: try JPEG.encodeGrey(observation.crop, quality: 90))
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                do {
                    _ = try store.append(read)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
