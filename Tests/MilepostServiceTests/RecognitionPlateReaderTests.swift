import MilepostCore
import MilepostImaging
@testable import MilepostRecognition
import Testing
@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct RecognitionPlateReaderTests {
    struct FixedRecognizer: PlateRecognizing {
        let readings: [PlateReading]
        func recognize(_ frame: LumaImage) -> [PlateReading] { readings }
    }

    static func reading(_ text: String, confidence: Int, alternatives: [String]) -> PlateReading {
        PlateReading(
            text: text, confidence: confidence, characterConfidences: Array(repeating: confidence, count: text.count),
            candidates: ([text] + alternatives).map { PlateCandidate(text: $0, confidence: confidence / 2) },
            box: PixelBox(x: 10, y: 20, width: 94, height: 24),
            crop: LumaImage(width: 2, height: 1, pixels: [1, 2]), detectionScore: 40)
    }

    @Test func readsBelowTheThresholdAreDroppedAndTheRestConverted() async throws {
        let recognizer = FixedRecognizer(readings: [
            Self.reading("ABC1234", confidence: 910, alternatives: ["A8C1234"]),
            Self.reading("XYZ999", confidence: 120, alternatives: []),
        ])
        let reader = RecognitionPlateReader(recognizer: recognizer, minimumConfidence: 500, pool: .forTests)
        let frame = CapturedFrame(image: LumaImage(width: 2, height: 2, pixels: [0, 0, 0, 0]), capturedAtMilliseconds: 0)
        let observations = try await reader.readPlates(in: frame)
        #expect(observations.count == 1)
        let first = try #require(observations.first)
        #expect(first.text == "ABC1234")
        #expect(first.confidence == 910)
        #expect(first.alternatives == [.init(text: "A8C1234", confidence: 455)])
        #expect(first.box == PlateBox(x: 10, y: 20, width: 94, height: 24))
        let crop = try JPEG.decodeLuma(first.cropJPEG)
        #expect(crop.width == 2 && crop.height == 1, "the crop is encoded once, by the reader")
    }
}
