import Metrics
import MilepostCore
import MilepostImaging
import MilepostRecognition
import MilepostSystem

/// Reads plates with the fixed-point recognition core, keeping only reads at or above the
/// unit's confidence threshold. Recognition (milliseconds of integer arithmetic a frame) and
/// the JPEG encoding of each plate crop run on the blocking pool, never on the cooperative
/// pool that answers HTTP.
public struct RecognitionPlateReader: PlateReader {
    let recognizer: any PlateRecognizing
    let minimumConfidence: Int
    let pool: BlockingPool
    private let frameTime = Timer(label: "milepost_recognition_seconds")

    public init(recognizer: any PlateRecognizing, minimumConfidence: Int, pool: BlockingPool) {
        self.recognizer = recognizer
        self.minimumConfidence = minimumConfidence
        self.pool = pool
    }

    public func readPlates(in frame: CapturedFrame) async throws -> [PlateObservation] {
        try await pool.run { [recognizer, minimumConfidence, frameTime] in
            let started = ContinuousClock.now
            let readings = recognizer.recognize(frame.image)
            frameTime.record(duration: ContinuousClock.now - started)
            return try readings
                .filter { $0.confidence >= minimumConfidence }
                .map { reading in
                    PlateObservation(
                        text: reading.text,
                        confidence: reading.confidence,
                        alternatives: reading.candidates.filter { $0.text != reading.text }
                            .map { PlateObservation.Alternative(text: $0.text, confidence: $0.confidence) },
                        box: PlateBox(x: Int32(reading.box.x), y: Int32(reading.box.y),
                                      width: Int32(reading.box.width), height: Int32(reading.box.height)),
                        cropJPEG: try JPEG.encodeGrey(reading.crop, quality: 90))
                }
        }
    }
}
