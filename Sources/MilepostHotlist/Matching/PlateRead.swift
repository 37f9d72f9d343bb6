import MilepostCore

/// What the recognizer read from one vehicle pass (or one frame of it).
public struct PlateRead: Sendable, Hashable {
    /// The plate as read; `?` marks a character the reader could not make out.
    public var plate: PlateText
    /// Two-letter state code if the reader identified it.
    public var state: String?
    /// The reader's confidence in the whole read.
    public var confidence: Confidence

    public init(plate: PlateText, state: String? = nil, confidence: Confidence) {
        self.plate = plate
        self.state = state
        self.confidence = confidence
    }
}
