import ArgumentParser
import Foundation
import MilepostEvaluation
import MilepostImaging
import MilepostRecognition

/// `milepost recognize [--format jsonl|text] IMAGE...`: find and read plates in JPEG frames.
struct RecognizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recognize",
        abstract: "Find and read licence plates in JPEG frames; one result line per image.",
        discussion: """
            Every file is tried. The exit status is 1 when any file could not be read or decoded \
            (its line carries the error), 0 otherwise.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
        case text
    }

    @Option(help: "Output format: jsonl (one JSON object per image) or text.")
    var format: Format = .jsonl

    @Option(help: "Weights file.")
    var model: String = InstalledFiles.model

    @Flag(help: "Run the plain reference kernels instead of the optimised ones (same results, slower).")
    var referenceKernels = false

    @Argument(help: "JPEG files.")
    var images: [String]

    func run() throws {
        HeapRetention.keepFrameBuffers()
        var options = RecognizerOptions()
        options.kernels = referenceKernels ? .reference : .optimised
        let recognizer = PlateRecognizer(model: try RecognitionFiles.loadModel(model), options: options)
        let clock = ContinuousClock()
        var failures = 0
        for path in images {
            let start = clock.now
            let readings: [PlateReading]
            do {
                let frame = try JPEG.decodeLuma(try RecognitionFiles.readImage(path))
                readings = recognizer.recognize(frame)
            } catch {
                failures += 1
                print(format == .jsonl
                      ? "{\"file\":\(JSONText.string(path)),\"error\":\(JSONText.string("\(error)"))}"
                      : "\(path)\terror: \(error)")
                continue
            }
            let ms = JSONText.milliseconds(clock.now - start)
            switch format {
            case .jsonl:
                print("{\"file\":\(JSONText.string(path)),\"ms\":\(ms),\"plates\":[\(readings.map(JSONText.reading).joined(separator: ","))]}")
            case .text:
                let plates = readings.map { "\($0.text) (\($0.confidence)) at \($0.box.x),\($0.box.y) \($0.box.width)x\($0.box.height)" }
                print("\(path)\t\(ms) ms\t\(plates.isEmpty ? "no plate" : plates.joined(separator: "; "))")
            }
        }
        if failures > 0 {
            printToStandardError("\(failures) of \(images.count) files could not be read")
            throw ExitCode(1)
        }
    }
}
