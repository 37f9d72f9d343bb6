import MilepostRecognition

/// What the scorer needs of one plate the recogniser reported for a frame.
public struct ReportedPlate: Equatable, Sendable {
    public let text: String
    /// Thousandths.
    public let confidence: Int
    public let box: PixelBox
    /// Every candidate reading, best first (the first is `text`).
    public let candidates: [String]

    public init(text: String, confidence: Int, box: PixelBox, candidates: [String]) {
        self.text = text
        self.confidence = confidence
        self.box = box
        self.candidates = candidates
    }

    public init(_ reading: PlateReading) {
        self.init(text: reading.text, confidence: reading.confidence, box: reading.box, candidates: reading.candidates.map(\.text))
    }
}
