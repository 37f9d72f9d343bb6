/// What the reader's output means and how to turn its int8 logits into probabilities.
public struct ReaderHead: Sendable, Equatable {
    public let inputHeight: Int
    public let inputWidth: Int
    public let classes: Int
    public let blank: Int
    /// The character of each non-blank class.
    public let alphabet: [Character]
    /// `exp(-scale * d)` in Q16 for a logit gap `d` of 0...255 (the int8 softmax table).
    public let softmaxTable: [UInt32]
    /// The `ContrastStretch` clip percent each crop goes through before the network (0: none).
    public let contrastClipPercent: Int
}

/// How to read the detector's output map: channel 0 is the plate-centre logit, channels 1
/// and 2 are the plate's width and height.
public struct DetectorHead: Sendable, Equatable {
    /// Input pixels per output cell.
    public let stride: Int
    /// The frame is shrunk by this factor before detection.
    public let downscale: Int
    /// Centre logits at or above this are plate candidates.
    public let threshold: Int8
    /// Converts an int8 size value to detector-input pixels.
    public let sizeScale: QuantizedMultiplier
}

/// The shipped model: a detector and a reader, loaded from one weights file.
public struct PlateModel: Sendable {
    public let detector: Network
    public let detectorHead: DetectorHead
    public let reader: Network
    public let readerHead: ReaderHead
    /// Time steps of the reader's output.
    public let readerSteps: Int
}
