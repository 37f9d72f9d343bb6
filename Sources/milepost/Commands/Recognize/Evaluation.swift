import MilepostRecognition

/// Scoring of the recogniser on the datasets' layouts, shared by `milepost evaluate` and the
/// stand-alone benchmark (tools/recognition-bench), so both print the same figures.
struct Evaluation {
    let recognizer: PlateRecognizer
    let threshold: Int
    let verbose: Bool

    func frames(_ folder: String) throws {
        let clock = ContinuousClock()
        var n = 0, top1 = 0, top10 = 0, noPlate = 0, falsePlates = 0, errors = 0, sure = 0, sureCorrect = 0
        var times: [Duration] = []
        for frame in try EvaluationDataset.frames(in: folder) {
            let start = clock.now
            let readings: [PlateReading]
            do {
                readings = recognizer.recognize(try RecognitionFiles.decodeFrame(try RecognitionFiles.read(frame.image)))
            } catch {
                errors += 1
                print("\(frame.image): \(error)")
                continue
            }
            times.append(clock.now - start)
            n += 1
            let top = readings.first
            let correct = top?.text == frame.plate
            if correct { top1 += 1 }
            if readings.contains(where: { r in r.candidates.contains { $0.text == frame.plate } }) { top10 += 1 }
            if readings.isEmpty { noPlate += 1 }
            falsePlates += readings.filter { $0.box.intersection(frame.box) == 0 }.count
            if let top, top.confidence >= threshold {
                sure += 1
                if correct { sureCorrect += 1 }
            }
            if verbose {
                let found = readings.map { "\($0.text)(\($0.confidence))@\($0.box.x),\($0.box.y),\($0.box.width)x\($0.box.height)" }
                print("\(correct ? "ok  " : "MISS") \(frame.plate)@\(frame.box.x),\(frame.box.y),\(frame.box.width)x\(frame.box.height)\t\(found.joined(separator: " "))\t\(frame.image)")
            }
        }
        times.sort()
        let median = times.isEmpty ? .zero : times[times.count / 2]
        print("frames: \(n) (\(errors) unreadable) in \(folder)")
        print("correct@1: \(top1)/\(n) = \(percent(top1, n))")
        print("correct@10: \(top10)/\(n) = \(percent(top10, n))")
        print("frames with no plate: \(noPlate)")
        print("false plates: \(falsePlates)")
        print("median ms/frame (decode + recognise): \(JSONText.milliseconds(median))")
        print("calibration: \(sure) top reads at confidence >= \(threshold), \(sureCorrect) correct = \(percent(sureCorrect, sure))")
    }

    func crops(_ folder: String) throws {
        var n = 0, top1 = 0, top10 = 0, errors = 0, sure = 0, sureCorrect = 0
        for crop in try EvaluationDataset.crops(in: folder) {
            let image: GreyImage
            do {
                let bytes = try RecognitionFiles.read(crop.image)
                image = try RecognitionFiles.decodeImage(bytes, path: crop.image)
            } catch {
                errors += 1
                print("\(crop.image): \(error)")
                continue
            }
            n += 1
            let candidates = recognizer.readCrop(image)
            let correct = candidates.first?.text == crop.plate
            if correct { top1 += 1 }
            if candidates.contains(where: { $0.text == crop.plate }) { top10 += 1 }
            if let best = candidates.first, best.confidence >= threshold {
                sure += 1
                if correct { sureCorrect += 1 }
            }
            if verbose {
                print("\(correct ? "ok  " : "MISS") \(crop.plate)\t\(candidates.prefix(3).map { "\($0.text)(\($0.confidence))" }.joined(separator: " "))")
            }
        }
        print("crops: \(n) (\(errors) unreadable) in \(folder)")
        print("reading correct@1: \(top1)/\(n) = \(percent(top1, n))")
        print("reading correct@10: \(top10)/\(n) = \(percent(top10, n))")
        print("calibration: \(sure) reads at confidence >= \(threshold), \(sureCorrect) correct = \(percent(sureCorrect, sure))")
    }

    private func percent(_ a: Int, _ b: Int) -> String {
        guard b > 0 else { return "n/a" }
        let tenths = (a * 1000 + b / 2) / b
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
