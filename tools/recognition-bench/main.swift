// Stand-alone optimised build of the recognition path for benchmarks (see bench.sh):
//   recognition-bench recognize IMAGE...            one JSON line per image, like `milepost recognize`
//   recognition-bench evaluate FRAMES [CROPS]       the figures of `milepost evaluate`
//   recognition-bench span CROP...                  share of each crop's width its text covers
import Foundation
import MilepostEvaluation
import MilepostImaging
import MilepostRecognition

let arguments = Array(CommandLine.arguments.dropFirst())
let modelPath = "Config/model/milepost-plates.mpw"
do {
    var options = RecognizerOptions()
    // Tuning hook for experiments: MILEPOST_CROP_MARGIN="x,y" (percent per side).
    if let margin = getenv("MILEPOST_CROP_MARGIN").map({ String(cString: $0) }) {
        let parts = margin.split(separator: ",").compactMap { Int($0) }
        if parts.count == 2 { (options.cropMarginXPercent, options.cropMarginYPercent) = (parts[0], parts[1]) }
    }
    // MILEPOST_EDGE_WIDENING=N: percent a crop grows where the text reaches its edge (0: off).
    if let widening = getenv("MILEPOST_EDGE_WIDENING").flatMap({ Int(String(cString: $0)) }) {
        options.edgeWideningPercent = widening
    }
    // MILEPOST_EDGE_STEPS=N: text within N time steps of a crop's side counts as reaching it.
    if let steps = getenv("MILEPOST_EDGE_STEPS").flatMap({ Int(String(cString: $0)) }) {
        options.edgeSteps = steps
    }
    // MILEPOST_COARSE=0: no second detector pass on the frame shrunk twice as much.
    if let coarse = getenv("MILEPOST_COARSE").flatMap({ Int(String(cString: $0)) }) {
        options.coarseDetection = coarse != 0
    }
    // MILEPOST_FINE=0: no full-resolution detector pass when nothing was read.
    if let fine = getenv("MILEPOST_FINE").flatMap({ Int(String(cString: $0)) }) {
        options.fineDetectionWhenNothingRead = fine != 0
    }
    // MILEPOST_FINE_WINDOWS="count,half width": the full-resolution pass's windows.
    if let windows = getenv("MILEPOST_FINE_WINDOWS").map({ String(cString: $0) }) {
        let parts = windows.split(separator: ",").compactMap { Int($0) }
        if parts.count == 2 { (options.fineWindowCount, options.fineWindowHalfWidth) = (parts[0], parts[1]) }
    }
    // MILEPOST_FINE_BELOW=N: frames with a reading below N are searched at full resolution too (0: only frames with none).
    if let below = getenv("MILEPOST_FINE_BELOW").flatMap({ Int(String(cString: $0)) }) {
        options.fineDetectionBelowConfidence = below
    }
    // MILEPOST_SUBCELL=0: centres at cell centres only.
    if let subCell = getenv("MILEPOST_SUBCELL").flatMap({ Int(String(cString: $0)) }) {
        options.subCellCentres = subCell != 0
    }
    // MILEPOST_AVERAGE_SIZES=1: plate sizes averaged over the peak's 3x3 cells.
    if let average = getenv("MILEPOST_AVERAGE_SIZES").flatMap({ Int(String(cString: $0)) }) {
        options.averageSizes = average != 0
    }
    // MILEPOST_MIN_CONFIDENCE=N: report reads down to N thousandths (threshold studies).
    if let minimum = getenv("MILEPOST_MIN_CONFIDENCE").flatMap({ Int(String(cString: $0)) }) {
        options.minimumConfidence = minimum
        options.shortTextMinimumConfidence = minimum
    }
    // MILEPOST_VOTE="-6,8": extra crops read per plate, grown by these percentages.
    if let vote = getenv("MILEPOST_VOTE").map({ String(cString: $0) }) {
        options.votingGrowthsPercent = vote.split(separator: ",").compactMap { Int($0) }
    }
    // MILEPOST_VOTE_HEIGHT="-8": extra crops for the vote, their height grown by these percentages.
    if let vote = getenv("MILEPOST_VOTE_HEIGHT").map({ String(cString: $0) }) {
        options.votingHeightGrowthsPercent = vote.split(separator: ",").compactMap { Int($0) }
    }
    if let staged = getenv("MILEPOST_VOTE_STAGED").flatMap({ Int(String(cString: $0)) }) {
        options.heightVoteOnlyOnDisagreement = staged != 0
    }
    if let maximum = getenv("MILEPOST_VOTE_MAX").flatMap({ Int(String(cString: $0)) }) {
        options.votingMaximumConfidence = maximum
    }
    if let minimum = getenv("MILEPOST_VOTE_MIN").flatMap({ Int(String(cString: $0)) }) {
        options.votingMinimumConfidence = minimum
    }
    // MILEPOST_RECENTRE=N: centre each crop on the text read in a crop N% wider per side.
    if let probe = getenv("MILEPOST_RECENTRE").flatMap({ Int(String(cString: $0)) }) {
        options.recentringProbePercent = probe
    }
    // MILEPOST_TEXT_SIZING="percent[,minimum characters[,minimum scale percent]]": size crops from the probe's text (0: off).
    if let sizing = getenv("MILEPOST_TEXT_SIZING").map({ String(cString: $0) }) {
        let parts = sizing.split(separator: ",").compactMap { Int($0) }
        if parts.count > 0 { options.textSizingPercent = parts[0] }
        if parts.count > 1 { options.textSizingMinimumCharacters = parts[1] }
        if parts.count > 2 { options.textSizingMinimumScalePercent = parts[2] }
    }
    // MILEPOST_TEXT_SIZING_REREAD=N|off: the text-sized crop is read as well as the unsized one when at least
    // N% narrower, the more confident reading kept; off: the sized crop is read alone.
    if let reread = getenv("MILEPOST_TEXT_SIZING_REREAD").map({ String(cString: $0) }) {
        options.textSizingRereads = reread != "off"
        if let shrink = Int(reread) { options.textSizingRereadMinimumShrinkPercent = shrink }
    }
    // MILEPOST_RESCUE="80,65": reads below the reporting threshold are read again from crops shrunk to these percentages.
    if let rescue = getenv("MILEPOST_RESCUE").map({ String(cString: $0) }) {
        options.rescueShrinksPercent = rescue.split(separator: ",").compactMap { Int($0) }
    }
    // MILEPOST_RESCUED_DETECTIONS=N: how many of a frame's strongest detections may be rescued.
    if let count = getenv("MILEPOST_RESCUED_DETECTIONS").flatMap({ Int(String(cString: $0)) }) {
        options.rescuedDetections = count
    }
    // MILEPOST_FORMAT_WEIGHT=N: how many times a standard serial shape's confidence counts in the ranking (1: off).
    if let weight = getenv("MILEPOST_FORMAT_WEIGHT").flatMap({ Int(String(cString: $0)) }) {
        options.standardFormatWeight = weight
    }
    // MILEPOST_CONV_ISA=portable|sse2|avx2: the convolution's implementation (default: the
    // fastest this CPU runs), to measure each one.
    if let name = getenv("MILEPOST_CONV_ISA").map({ String(cString: $0) }) {
        guard let instructionSet = ConvolutionInstructionSet(rawValue: name), ConvolutionInstructionSet.supported.contains(instructionSet) else {
            throw BenchError.unsupported("MILEPOST_CONV_ISA=\(name): this CPU runs \(ConvolutionInstructionSet.supported.map(\.rawValue))")
        }
        options.kernels = .optimisedWith(instructionSet)
    }
    HeapRetention.keepFrameBuffers()  // as milepost recognize, evaluate and run do
    let recognizer = PlateRecognizer(model: try RecognitionFiles.loadModel(modelPath), options: options)
    switch arguments.first {
    case "recognize":
        for path in arguments.dropFirst() {
            let clock = ContinuousClock(), start = clock.now
            do {
                let readings = recognizer.recognize(try JPEG.decodeLuma(try RecognitionFiles.read(path)))
                print("{\"file\":\(JSONText.string(path)),\"ms\":\(JSONText.milliseconds(clock.now - start)),\"plates\":[\(readings.map(JSONText.reading).joined(separator: ","))]}")
            } catch {
                print("{\"file\":\(JSONText.string(path)),\"error\":\(JSONText.string("\(error)"))}")
            }
        }
    case "detect":
        for path in arguments.dropFirst() {
            let frame = try JPEG.decodeLuma(try RecognitionFiles.read(path))
            for d in recognizer.detect(frame) {
                let reads = recognizer.readCrop(frame.cropped(to: d.box)).prefix(3).map { "\($0.text)(\($0.confidence))" }
                print("\(path)\tscore \(d.score)\tbox \(d.box.x),\(d.box.y) \(d.box.width)x\(d.box.height)\t\(reads.joined(separator: " "))")
            }
        }
    case "read":
        for path in arguments.dropFirst() {
            do {
                let candidates = recognizer.readCrop(try ImageFile.readLuma(path))
                print("{\"file\":\(JSONText.string(path)),\"candidates\":\(JSONText.candidates(candidates))}")
            } catch {
                print("{\"file\":\(JSONText.string(path)),\"error\":\(JSONText.string("\(error)"))}")
            }
        }
    case "span":
        // Per crop: the reader's text columns as thousandths of the crop's width, and its text.
        for path in arguments.dropFirst() {
            do {
                let image = try ImageFile.readLuma(path)
                let whole = PixelBox(x: 0, y: 0, width: image.width, height: image.height)
                if let columns = recognizer.textColumns(image, around: whole) {
                    print("\(path)\t\((columns.upperBound - columns.lowerBound) * 1000 / image.width)\t\(recognizer.readCrop(image).first?.text ?? "")")
                } else {
                    print("\(path)\terror: the reader found no text")
                }
            } catch {
                print("\(path)\terror: \(error)")
            }
        }
    case "evaluate" where arguments.count >= 2:
        let evaluation = Evaluation(recognizer: recognizer, threshold: RecognizerOptions.defaultThreshold,
                                    verbose: arguments.contains("--verbose"))
        try evaluation.frames(arguments[1])
        if arguments.count >= 3, !arguments[2].hasPrefix("--") { try evaluation.crops(arguments[2]) }
        if arguments.contains("--passes") { try evaluation.passes(arguments[1], minimumConfidence: 500) }
    default:
        print("usage: recognition-bench recognize IMAGE... | read CROP... | span CROP... | evaluate FRAMES_DIR [CROPS_DIR] [--verbose] [--passes]")
    }
} catch {
    print("error: \(error)")
}

enum BenchError: Error, CustomStringConvertible {
    case unsupported(String)

    var description: String {
        switch self {
        case .unsupported(let message): message
        }
    }
}
