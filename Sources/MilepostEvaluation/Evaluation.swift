import MilepostCore
import MilepostImaging
import MilepostRecognition

/// Scoring of the recogniser on the datasets' layouts, shared by `milepost evaluate` and the
/// stand-alone benchmark (tools/recognition-bench), so both print the same figures. Lines go
/// to `output` as they are produced.
public struct Evaluation {
    /// Finds and reads the plates of one frame, best first.
    public typealias FrameReader = (LumaImage) -> [ReportedPlate]
    /// Reads one plate crop, best candidate first.
    public typealias CropReader = (LumaImage) -> [PlateCandidate]

    let readFrame: FrameReader
    let readCrop: CropReader
    let threshold: Int
    let verbose: Bool
    let output: (String) -> Void

    public init(readFrame: @escaping FrameReader, readCrop: @escaping CropReader, threshold: Int, verbose: Bool,
                output: @escaping (String) -> Void = { print($0) }) {
        self.readFrame = readFrame
        self.readCrop = readCrop
        self.threshold = threshold
        self.verbose = verbose
        self.output = output
    }

    public init(recognizer: PlateRecognizer, threshold: Int, verbose: Bool) {
        self.init(readFrame: { recognizer.recognize($0).map(ReportedPlate.init) }, readCrop: recognizer.readCrop,
                  threshold: threshold, verbose: verbose)
    }

    @discardableResult
    public func frames(_ folder: String) throws -> FrameScore {
        let clock = ContinuousClock()
        var score = FrameScore(threshold: threshold)
        var times: [Duration] = []
        for frame in try EvaluationDataset.frames(in: folder) {
            let start = clock.now
            let plates: [ReportedPlate]
            do {
                plates = readFrame(try ImageFile.readLuma(frame.image))
            } catch {
                score.addUnreadable()
                output("\(error)")
                continue
            }
            times.append(clock.now - start)
            let correct = score.add(plates, labelledBox: frame.box, plate: frame.plate)
            if verbose {
                let found = plates.map { "\($0.text)(\($0.confidence))@\($0.box.x),\($0.box.y),\($0.box.width)x\($0.box.height)" }
                output("\(correct ? "ok  " : "MISS") \(frame.plate)@\(frame.box.x),\(frame.box.y),\(frame.box.width)x\(frame.box.height)\t\(found.joined(separator: " "))\t\(frame.image)")
            }
        }
        times.sort()
        let median = times.isEmpty ? .zero : times[times.count / 2]
        score.report(folder: folder, medianMilliseconds: JSONText.milliseconds(median)).forEach(output)
        return score
    }

    /// Builds a pass of 3, 4 or 5 frames (in turn) from each labelled frame, as
    /// `ApproachingVehicle` makes them, reads every frame, and compares single-frame reads with
    /// the pass's vote (`PassScore`). The passes are seeded, so every run builds the same ones.
    @discardableResult
    public func passes(_ folder: String, minimumConfidence: Int) throws -> PassScore {
        var score = PassScore(minimumConfidence: minimumConfidence)
        let vehicle = ApproachingVehicle(farScale: 0.75, noise: 4)
        for (index, frame) in try EvaluationDataset.frames(in: folder).enumerated() {
            let photograph: LumaImage
            do {
                photograph = try ImageFile.readLuma(frame.image)
            } catch {
                output("\(error)")
                continue
            }
            let steps = 3 + index % 3
            let framePlates = (0..<steps).map { step in
                readFrame(vehicle.frame(photograph, step: step, of: steps, seed: UInt64(index) << 8 | UInt64(step)))
            }
            let correct = score.add(framePlates, plate: frame.plate)
            if verbose {
                let tops = framePlates.map { $0.first.map { "\($0.text)(\($0.confidence))" } ?? "-" }
                output("\(correct ? "ok  " : "MISS") \(frame.plate)\t\(tops.joined(separator: " "))\t\(frame.image)")
            }
        }
        score.report(folder: folder, framesPerPass: "3 to 5").forEach(output)
        return score
    }

    @discardableResult
    public func crops(_ folder: String) throws -> CropScore {
        var score = CropScore(threshold: threshold)
        for crop in try EvaluationDataset.crops(in: folder) {
            let image: LumaImage
            do {
                image = try ImageFile.readLuma(crop.image)
            } catch {
                score.addUnreadable()
                output("\(error)")
                continue
            }
            let candidates = readCrop(image)
            let correct = score.add(candidates, plate: crop.plate)
            if verbose {
                output("\(correct ? "ok  " : "MISS") \(crop.plate)\t\(candidates.prefix(3).map { "\($0.text)(\($0.confidence))" }.joined(separator: " "))")
            }
        }
        score.report(folder: folder).forEach(output)
        return score
    }
}
