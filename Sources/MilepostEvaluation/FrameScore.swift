import MilepostRecognition

/// The end-to-end figures over labelled frames: a frame is correct when the recogniser's top
/// plate has exactly the label's text.
public struct FrameScore: Equatable, Sendable {
    /// Top reads at or above this confidence (thousandths) count towards the calibration figure.
    public let threshold: Int
    public private(set) var frames = 0
    public private(set) var unreadable = 0
    /// Frames whose top plate reads the label.
    public private(set) var correctAtOne = 0
    /// Frames where any candidate of any plate reads the label.
    public private(set) var correctAtTen = 0
    public private(set) var framesWithNoPlate = 0
    /// Plates reported entirely outside the labelled box.
    public private(set) var falsePlates = 0
    /// Top reads at or above `threshold`, and how many of them were correct.
    public private(set) var sure = 0
    public private(set) var sureCorrect = 0

    public init(threshold: Int) {
        self.threshold = threshold
    }

    /// Scores one frame's plates, best first; returns whether the top plate was correct.
    @discardableResult
    public mutating func add(_ plates: [ReportedPlate], labelledBox box: PixelBox, plate: String) -> Bool {
        frames += 1
        let top = plates.first
        let correct = top?.text == plate
        if correct { correctAtOne += 1 }
        if plates.contains(where: { $0.candidates.contains(plate) }) { correctAtTen += 1 }
        if plates.isEmpty { framesWithNoPlate += 1 }
        falsePlates += plates.filter { $0.box.intersection(box) == 0 }.count
        if let top, top.confidence >= threshold {
            sure += 1
            if correct { sureCorrect += 1 }
        }
        return correct
    }

    public mutating func addUnreadable() {
        unreadable += 1
    }

    /// The summary `milepost evaluate` prints for a frames folder.
    public func report(folder: String, medianMilliseconds: String) -> [String] {
        [
            "frames: \(frames) (\(unreadable) unreadable) in \(folder)",
            "correct@1: \(correctAtOne)/\(frames) = \(Percent.format(correctAtOne, of: frames))",
            "correct@10: \(correctAtTen)/\(frames) = \(Percent.format(correctAtTen, of: frames))",
            "frames with no plate: \(framesWithNoPlate)",
            "false plates: \(falsePlates)",
            "median ms/frame (decode + recognise): \(medianMilliseconds)",
            "calibration: \(sure) top reads at confidence >= \(threshold), \(sureCorrect) correct = \(Percent.format(sureCorrect, of: sure))",
        ]
    }
}
