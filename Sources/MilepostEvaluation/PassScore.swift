import MilepostCore
import MilepostRecognition

extension ReportedPlate: PassReading {
    public var frameBox: PlateBox {
        PlateBox(x: Int32(clamping: box.x), y: Int32(clamping: box.y), width: Int32(clamping: box.width), height: Int32(clamping: box.height))
    }
}

/// Single-frame against pass-level accuracy over passes built from labelled frames. Only reads
/// at or above `minimumConfidence` count, as on a unit, where a read below it is neither stored
/// nor matched. A frame, or a pass, is correct when its top read is the label, wrong when its
/// top read is another text, and empty when nothing reached the threshold.
public struct PassScore: Equatable, Sendable {
    public let minimumConfidence: Int
    public private(set) var passes = 0
    public private(set) var frames = 0
    public private(set) var framesCorrect = 0
    public private(set) var framesWrong = 0
    public private(set) var passesCorrect = 0
    public private(set) var passesWrong = 0
    /// Reads a unit would store: one per frame that read something, one per plate of a pass.
    public private(set) var frameReads = 0
    public private(set) var passReads = 0

    public init(minimumConfidence: Int) {
        self.minimumConfidence = minimumConfidence
    }

    /// Scores one pass: `framePlates[i]` is what frame `i` read, best first. Returns whether the pass was correct.
    @discardableResult
    public mutating func add(_ framePlates: [[ReportedPlate]], plate: String) -> Bool {
        passes += 1
        let kept = framePlates.map { $0.filter { $0.confidence >= minimumConfidence } }
        for plates in kept {
            frames += 1
            frameReads += plates.count
            guard let top = plates.first else { continue }
            if top.text == plate { framesCorrect += 1 } else { framesWrong += 1 }
        }
        let voted = PassVote.vote(kept)
        passReads += voted.count
        let top = voted.max { a, b in
            (a.agreement.framesAgreed, a.reading.confidence) < (b.agreement.framesAgreed, b.reading.confidence)
        }
        guard let top else { return false }
        if top.reading.text == plate {
            passesCorrect += 1
            return true
        }
        passesWrong += 1
        return false
    }

    public func report(folder: String, framesPerPass: String) -> [String] {
        [
            "passes: \(passes) of \(framesPerPass) frames built from \(folder) (\(frames) frames); reads count at confidence >= \(minimumConfidence)",
            "single frame: correct \(framesCorrect)/\(frames) = \(Percent.format(framesCorrect, of: frames)), "
                + "wrong \(framesWrong)/\(frames) = \(Percent.format(framesWrong, of: frames)), reads stored \(frameReads)",
            "pass (voted): correct \(passesCorrect)/\(passes) = \(Percent.format(passesCorrect, of: passes)), "
                + "wrong \(passesWrong)/\(passes) = \(Percent.format(passesWrong, of: passes)), reads stored \(passReads)",
        ]
    }
}
