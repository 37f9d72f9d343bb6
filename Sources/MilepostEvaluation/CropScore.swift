import MilepostRecognition

/// The reading-alone figures over labelled plate crops: a crop is correct when the reader's
/// best candidate has exactly the label's text.
public struct CropScore: Equatable, Sendable {
    /// Best reads at or above this confidence (thousandths) count towards the calibration figure.
    public let threshold: Int
    public private(set) var crops = 0
    public private(set) var unreadable = 0
    public private(set) var correctAtOne = 0
    /// Crops where any candidate reads the label.
    public private(set) var correctAtTen = 0
    public private(set) var sure = 0
    public private(set) var sureCorrect = 0

    public init(threshold: Int) {
        self.threshold = threshold
    }

    /// Scores one crop's candidates, best first; returns whether the best was correct.
    @discardableResult
    public mutating func add(_ candidates: [PlateCandidate], plate: String) -> Bool {
        crops += 1
        let correct = candidates.first?.text == plate
        if correct { correctAtOne += 1 }
        if candidates.contains(where: { $0.text == plate }) { correctAtTen += 1 }
        if let best = candidates.first, best.confidence >= threshold {
            sure += 1
            if correct { sureCorrect += 1 }
        }
        return correct
    }

    public mutating func addUnreadable() {
        unreadable += 1
    }

    /// The summary `milepost evaluate --crops` prints.
    public func report(folder: String) -> [String] {
        [
            "crops: \(crops) (\(unreadable) unreadable) in \(folder)",
            "reading correct@1: \(correctAtOne)/\(crops) = \(Percent.format(correctAtOne, of: crops))",
            "reading correct@10: \(correctAtTen)/\(crops) = \(Percent.format(correctAtTen, of: crops))",
            "calibration: \(sure) reads at confidence >= \(threshold), \(sureCorrect) correct = \(Percent.format(sureCorrect, of: sure))",
        ]
    }
}
