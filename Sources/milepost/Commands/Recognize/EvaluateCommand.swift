import ArgumentParser
import MilepostEvaluation
import MilepostImaging
import MilepostRecognition

/// `milepost evaluate [FRAMES_DIR] [--crops CROPS_DIR]`: scores the recogniser the way the
/// datasets README says (exact text of the top plate, ignoring case, spaces and dashes).
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score plate recognition on a labelled frames folder and/or a labelled crops folder."
    )

    @Argument(help: "Folder of JPEG frames with NAME.txt labels (e.g. openalpr-us-dev).")
    var frames: String?

    @Option(help: "Folder of plate crops with labels.csv (e.g. openalpr-us-plates): reading alone.")
    var crops: String?

    @Option(help: "Weights file.")
    var model: String = InstalledFiles.model

    @Option(help: "Confidence threshold (thousandths) for the calibration figure.")
    var threshold: Int = RecognizerOptions.defaultThreshold

    @Flag(help: "Print one line per frame or crop.")
    var verbose = false

    @Flag(help: "Also build a vehicle pass of 3 to 5 approaching frames from each frame and compare single-frame reads with the pass's vote.")
    var passes = false

    @Option(help: "With --passes: the unit's minimumConfidence (per mille); reads below it do not count.")
    var minimumConfidence = 500

    func validate() throws {
        guard frames != nil || crops != nil else { throw ValidationError("give a frames folder, --crops, or both") }
    }

    func run() throws {
        HeapRetention.keepFrameBuffers()
        let evaluation = Evaluation(recognizer: PlateRecognizer(model: try RecognitionFiles.loadModel(model)),
                                    threshold: threshold, verbose: verbose)
        if let frames { try evaluation.frames(frames) }
        if let frames, passes { try evaluation.passes(frames, minimumConfidence: minimumConfidence) }
        if let crops { try evaluation.crops(crops) }
    }
}
