import MilepostCore

/// What the recognizer read from one vehicle pass (or one frame of it).
public struct PlateRead: Sendable, Hashable {
    /// The plate as read; `?` marks a character the reader could not make out.
    public var plate: PlateText
    /// Two-letter state code if the reader identified it.
    public var state: String?
    /// The reader's confidence in the whole read, 0...1.
    public var confidence: Double

    public init(plate: PlateText, state: String? = nil, confidence: Double) {
        self.plate = plate
        self.state = state
        self.confidence = min(max(confidence, 0), 1)
    }
}
