import MilepostCore
import Foundation
import XCTest
@testable import MilepostRecognition

/// The pipeline with the shipped weights file.
final class PlateRecognizerTests: XCTestCase {
    static let model: PlateModel = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Config/model/milepost-plates.mpw")
        return try! WeightsFile.load([UInt8](Data(contentsOf: url)))
    }()

    /// A grey road-like frame with a bright plate-like patch (a third as high as wide) carrying
    /// dark bars `barPeriod` pixels apart.
    func frame(width: Int = 192, height: Int = 128, patchWidth: Int = 60, barPeriod: Int = 8) -> LumaImage {
        var random = TestRandom(seed: 9)
        var pixels = (0..<width * height).map { _ in UInt8(90 + random.int(0...20)) }
        let patchHeight = patchWidth / 3
        for y in 60..<60 + patchHeight {
            for x in 70..<70 + patchWidth {
                let bar = (x - 70) % barPeriod < barPeriod / 2 && y > 60 + patchHeight / 5 && y < 60 + patchHeight - patchHeight / 5
                pixels[y * width + x] = bar ? 20 : 230
            }
        }
        return LumaImage(width: width, height: height, pixels: pixels)
    }

    func testAUniformFrameHasNoPlate() {
        let recognizer = PlateRecognizer(model: Self.model)
        XCTAssertEqual(recognizer.recognize(LumaImage(width: 320, height: 180, pixels: [UInt8](repeating: 128, count: 320 * 180))), [])
    }

    func testReferenceAndOptimisedKernelsGiveTheSameReadings() {
        var reference = RecognizerOptions()
        reference.kernels = .reference
        reference.minimumConfidence = 0
        reference.shortTextMinimumConfidence = 0
        var optimised = reference
        optimised.kernels = .optimised
        let f = frame()
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: reference).detect(f),
                       PlateRecognizer(model: Self.model, options: optimised).detect(f))
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: reference).recognize(f),
                       PlateRecognizer(model: Self.model, options: optimised).recognize(f))
    }

    func testShortReadingsNeedMoreConfidenceThanLongOnes() {
        var options = RecognizerOptions()
        options.minimumConfidence = 150
        options.shortTextLength = 3
        options.shortTextMinimumConfidence = 500
        XCTAssertTrue(options.reports(text: "ABC1234", confidence: 150))
        XCTAssertFalse(options.reports(text: "ABC1234", confidence: 149))
        XCTAssertTrue(options.reports(text: "ABCD", confidence: 150))
        XCTAssertFalse(options.reports(text: "ABC", confidence: 499))
        XCTAssertTrue(options.reports(text: "AB", confidence: 500))
        options.minimumConfidence = 700  // the general floor still applies to short readings
        XCTAssertFalse(options.reports(text: "AB", confidence: 600))
    }

    func testACropIsWidenedOnlyOnTheSidesTheTextReached() {
        var options = RecognizerOptions()
        options.edgeWideningPercent = 20
        let recognizer = PlateRecognizer(model: Self.model, options: options)
        let box = PixelBox(x: 100, y: 50, width: 80, height: 30)
        XCTAssertNil(recognizer.widened(box, at: .init(left: false, right: false)))
        XCTAssertEqual(recognizer.widened(box, at: .init(left: true, right: false)), PixelBox(x: 84, y: 50, width: 96, height: 30))
        XCTAssertEqual(recognizer.widened(box, at: .init(left: false, right: true)), PixelBox(x: 100, y: 50, width: 96, height: 30))
        XCTAssertEqual(recognizer.widened(box, at: .init(left: true, right: true)), PixelBox(x: 84, y: 50, width: 112, height: 30))
        options.edgeWideningPercent = 0
        XCTAssertNil(PlateRecognizer(model: Self.model, options: options).widened(box, at: .init(left: true, right: true)))
    }

    func testCandidatesAreRankedUniqueAndAllowed() {
        let crop = ReferenceKernels.resize(frame(), source: PixelBox(x: 66, y: 58, width: 68, height: 24), width: 94, height: 24)
        let candidates = PlateRecognizer(model: Self.model).readCrop(crop)
        XCTAssertLessThanOrEqual(candidates.count, 10)
        XCTAssertEqual(Set(candidates.map(\.text)).count, candidates.count)
        XCTAssertTrue(candidates.allSatisfy { PlateFormat.allows($0.text) && (0...1000).contains($0.confidence) })
        let weight = RecognizerOptions().standardFormatWeight
        let scores = candidates.map { $0.confidence * (StandardSerialFormat.matches($0.text) ? weight : 1) }
        XCTAssertEqual(scores, scores.sorted(by: >), "ranked by confidence weighted by the format prior")
    }

    func testReadingsCarryBoxCropAndOneConfidencePerCharacter() {
        var options = RecognizerOptions()
        options.minimumConfidence = 0
        options.shortTextMinimumConfidence = 0
        let readings = PlateRecognizer(model: Self.model, options: options).recognize(frame())
        XCTAssertFalse(readings.isEmpty, "the bright barred patch should be detected")
        for reading in readings {
            XCTAssertEqual(reading.characterConfidences.count, reading.text.count)
            XCTAssertEqual(reading.candidates.first?.text, reading.text)
            XCTAssertEqual(reading.crop.width, min(reading.box.x + reading.box.width, 192) - max(reading.box.x, 0))
        }
    }

    func testAVoteRanksByMeanConfidenceAndKeepsTheWinnersCharacters() {
        let recognizer = PlateRecognizer(model: Self.model)
        let first: [(reading: PlateCandidate, characters: [Int])] = [
            (PlateCandidate(text: "4HP7562", confidence: 600), [900, 700, 800, 900, 900, 900, 900]),
            (PlateCandidate(text: "HP7562", confidence: 300), []),
        ]
        let second: [(reading: PlateCandidate, characters: [Int])] = [
            (PlateCandidate(text: "HP7562", confidence: 700), [950, 950, 950, 950, 950, 950]),
            (PlateCandidate(text: "4HP7562", confidence: 100), []),
        ]
        let third: [(reading: PlateCandidate, characters: [Int])] = [
            (PlateCandidate(text: "HP7562", confidence: 800), [960, 960, 960, 960, 960, 960]),
        ]
        let voted = recognizer.vote([first, second, third])
        // HP7562: (300 + 700 + 800) / 3 = 600; 4HP7562: (600 + 100 + 0) / 3 = 233.
        XCTAssertEqual(voted.map(\.reading), [PlateCandidate(text: "HP7562", confidence: 600), PlateCandidate(text: "4HP7562", confidence: 233)])
        XCTAssertEqual(voted[0].characters, [950, 950, 950, 950, 950, 950], "from the first read that ranked it first")
        XCTAssertEqual(voted[1].characters, [900, 700, 800, 900, 900, 900, 900])
    }

    func testVotingReadsOnlyPlatesWhoseFirstReadingIsConfidentEnough() {
        var single = RecognizerOptions()
        single.votingGrowthsPercent = []
        single.votingHeightGrowthsPercent = []
        var voting = RecognizerOptions()
        voting.votingMinimumConfidence = 1001  // no reading reaches it: never votes
        let crop = frame().cropped(to: PixelBox(x: 66, y: 58, width: 68, height: 24))
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: voting).readCrop(crop),
                       PlateRecognizer(model: Self.model, options: single).readCrop(crop))
        voting.votingMinimumConfidence = 0
        let voted = PlateRecognizer(model: Self.model, options: voting).readCrop(crop)
        func score(_ c: PlateCandidate) -> Int { c.confidence * (StandardSerialFormat.matches(c.text) ? voting.standardFormatWeight : 1) }
        XCTAssertEqual(voted.map(score), voted.map(score).sorted(by: >))
        XCTAssertLessThanOrEqual(voted.count, voting.maxCandidates)
    }

    func testStandardSerialsRankAheadOfLessLikelyShapesUnlessFarLessProbable() {
        var options = RecognizerOptions()
        options.standardFormatWeight = 4
        let recognizer = PlateRecognizer(model: Self.model, options: options)
        func ranked(_ pairs: (String, Int)...) -> [String] {
            recognizer.rankedByFormat(pairs.map { (PlateCandidate(text: $0.0, confidence: $0.1), [Int](repeating: $0.1, count: $0.0.count)) }).map(\.reading.text)
        }
        // 369 x 4 outranks 560: the Missouri serial wins over the letter-for-digit swap.
        XCTAssertEqual(ranked(("CJIP5G", 560), ("CJ1P5G", 369), ("CJTP5G", 44)), ["CJ1P5G", "CJIP5G", "CJTP5G"])
        // A vanity plate the reader is sure of stays first: 900 > 200 x 4.
        XCTAssertEqual(ranked(("TARHEEL", 900), ("TARHEE1", 20), ("7ARH331", 200)), ["TARHEEL", "7ARH331", "TARHEE1"])
        // Equal scores keep the reader's order.
        XCTAssertEqual(ranked(("CJIP5G", 400), ("CJ1P5G", 100)), ["CJIP5G", "CJ1P5G"])
        options.standardFormatWeight = 1
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: options).rankedByFormat(
            [(PlateCandidate(text: "CJIP5G", confidence: 560), []), (PlateCandidate(text: "CJ1P5G", confidence: 369), [])]).map(\.reading.text),
            ["CJIP5G", "CJ1P5G"], "weight 1 is no prior")
    }

    func testVotingSkipsPlatesWhoseFirstReadingIsAlreadySure() {
        var single = RecognizerOptions()
        single.votingGrowthsPercent = []
        single.votingHeightGrowthsPercent = []
        var sure = RecognizerOptions()
        sure.votingMinimumConfidence = 0
        sure.votingMaximumConfidence = 0  // every reading counts as sure: never votes
        let crop = frame().cropped(to: PixelBox(x: 66, y: 58, width: 68, height: 24))
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: sure).readCrop(crop),
                       PlateRecognizer(model: Self.model, options: single).readCrop(crop))
    }

    func testHeightCropsAreReadOnlyWhenTheWidthReadsDisagree() {
        func read(_ texts: String...) -> [(reading: PlateCandidate, characters: [Int])] {
            texts.map { (PlateCandidate(text: $0, confidence: 500), []) }
        }
        XCTAssertFalse(PlateRecognizer.firstReadingsDiffer([read("4HP7562", "HP7562"), read("4HP7562"), read("4HP7562", "4HP756")]))
        XCTAssertTrue(PlateRecognizer.firstReadingsDiffer([read("4HP7562"), read("HP7562", "4HP7562"), read("4HP7562")]))
        XCTAssertTrue(PlateRecognizer.firstReadingsDiffer([read("4HP7562"), read(), read("4HP7562")]))
    }

    func testHeightGrowthKeepsTheCropCentredAndItsWidth() {
        let recognizer = PlateRecognizer(model: Self.model)
        let source = PixelBox(x: 40, y: 100, width: 120, height: 50)
        XCTAssertEqual(recognizer.grown(source, heightBy: -8), PixelBox(x: 40, y: 104, width: 120, height: 42))
        XCTAssertEqual(recognizer.grown(source, heightBy: 10), PixelBox(x: 40, y: 95, width: 120, height: 60))
    }

    func testHeightGrownCropsJoinTheVote() {
        var widthOnly = RecognizerOptions()
        widthOnly.votingMinimumConfidence = 0
        widthOnly.votingHeightGrowthsPercent = []
        var withHeights = widthOnly
        withHeights.votingHeightGrowthsPercent = [-8, 8]
        withHeights.heightVoteOnlyOnDisagreement = false
        let crop = frame().cropped(to: PixelBox(x: 60, y: 52, width: 80, height: 36))
        let voted = PlateRecognizer(model: Self.model, options: withHeights).readCrop(crop)
        func score(_ c: PlateCandidate) -> Int { c.confidence * (StandardSerialFormat.matches(c.text) ? withHeights.standardFormatWeight : 1) }
        XCTAssertEqual(voted.map(score), voted.map(score).sorted(by: >))
        // Five reads instead of three: the means change, since the shipped model reads this
        // patch differently when its crop is 8% shorter or taller.
        XCTAssertNotEqual(voted, PlateRecognizer(model: Self.model, options: widthOnly).readCrop(crop))
    }

    func testTheTextCentreMapsTimeStepsToFrameColumns() {
        let source = PixelBox(x: 100, y: 40, width: 230, height: 60)
        // 23 steps over 230 columns: 10 columns a step.
        XCTAssertEqual(PlateRecognizer.columns(of: 0...22, steps: 23, in: source), 100...330)
        XCTAssertEqual(PlateRecognizer.columns(of: 0...0, steps: 23, in: source), 100...110)
        XCTAssertEqual(PlateRecognizer.columns(of: 4...9, steps: 23, in: source), 140...200)
    }

    func testTextSizingShrinksALooseCropAboutItsCentreAndNeverGrowsOne() {
        var options = RecognizerOptions()
        options.textSizingPercent = 80
        options.textSizingMinimumScalePercent = 60
        let recognizer = PlateRecognizer(model: Self.model, options: options)
        let source = PixelBox(x: 100, y: 40, width: 200, height: 100)
        // 120 columns of text should cover 80%: a 150-wide crop, 75% of the box, same centre.
        XCTAssertEqual(recognizer.sized(source, toTextWidth: 120), PixelBox(x: 125, y: 52, width: 150, height: 75))
        // Text already covering more than 80%: the crop stays as it is.
        XCTAssertEqual(recognizer.sized(source, toTextWidth: 170), source)
        // A tiny text span shrinks the crop only to the minimum scale.
        XCTAssertEqual(recognizer.sized(source, toTextWidth: 10), PixelBox(x: 140, y: 60, width: 120, height: 60))
        // Off when the percent is 0.
        options.textSizingPercent = 0
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: options).sized(source, toTextWidth: 120), source)
    }

    func testATextSizedCropIsReadAsWellOnlyWhenItShrinksEnough() {
        var options = RecognizerOptions()
        options.textSizingPercent = 80
        options.textSizingRereads = true
        options.textSizingRereadMinimumShrinkPercent = 10
        let recognizer = PlateRecognizer(model: Self.model, options: options)
        let source = PixelBox(x: 100, y: 40, width: 200, height: 100), box = PixelBox(x: 110, y: 40, width: 200, height: 100)
        // 25% narrower: read as well, and the reported box follows the same scale.
        let sized = recognizer.textSized(source, box: box, textWidth: 120)
        XCTAssertEqual(sized?.source, PixelBox(x: 125, y: 52, width: 150, height: 75))
        XCTAssertEqual(sized?.box, PixelBox(x: 135, y: 52, width: 150, height: 75))
        // 5% narrower (152 columns should fill 80% of 190): not worth another read.
        XCTAssertNil(recognizer.textSized(source, box: box, textWidth: 152))
        // Reading the sized crop alone takes any shrink.
        options.textSizingRereads = false
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: options).textSized(source, box: box, textWidth: 152)?.source.width, 190)
        // Text covering the whole crop: nothing to size.
        XCTAssertNil(recognizer.textSized(source, box: box, textWidth: 190))
    }

    func testARescueCropIsScaledAboutItsCentre() {
        XCTAssertEqual(PlateRecognizer.scaled(PixelBox(x: 100, y: 40, width: 200, height: 100), percent: 75),
                       PixelBox(x: 125, y: 52, width: 150, height: 75))
        XCTAssertEqual(PlateRecognizer.scaled(PixelBox(x: 7, y: 9, width: 1, height: 1), percent: 50), PixelBox(x: 7, y: 9, width: 1, height: 1))
    }

    func testOnlyReadingsTooUnsureToReportAreReadAgainShrunk() {
        var options = RecognizerOptions()
        options.rescueShrinksPercent = [80, 65]
        let f = frame(), source = PixelBox(x: 50, y: 45, width: 100, height: 50)
        let shrunk = options.rescueShrinksPercent.map { PlateRecognizer.scaled(source, percent: $0) }
        // A reading confident enough to report is left alone.
        XCTAssertNil(PlateRecognizer(model: Self.model, options: options).rescued(f, source: source, below: options.minimumConfidence))
        // Below the threshold, the most confident of the shrunk crops' readings is kept.
        options.minimumConfidence = 1001
        let recognizer = PlateRecognizer(model: Self.model, options: options)
        guard let rescue = recognizer.rescued(f, source: source, below: -1), let best = rescue.candidates.first else {
            return XCTFail("no shrunk crop read anything")
        }
        XCTAssertTrue(shrunk.contains(rescue.source))
        // ... and only when it beats the reading so far.
        XCTAssertNil(recognizer.rescued(f, source: source, below: best.reading.confidence))
        options.rescueShrinksPercent = []
        XCTAssertNil(PlateRecognizer(model: Self.model, options: options).rescued(f, source: source, below: -1))
    }

    func testTheFullResolutionPassRunsOnlyWhenTheMainPassReadsNothing() {
        var options = RecognizerOptions()
        options.minimumConfidence = 0
        options.shortTextMinimumConfidence = 0
        let recognizer = PlateRecognizer(model: Self.model, options: options)
        // Bars one pixel wide blur away in the frame shrunk by 2: only the full-resolution pass sees them.
        let small = frame(patchWidth: 20, barPeriod: 2)
        XCTAssertEqual(recognizer.read(small, recognizer.detect(small)), [])
        let fine = recognizer.read(small, recognizer.detectFine(small))
        XCTAssertFalse(fine.isEmpty, "the full-resolution pass reads the fine bars")
        XCTAssertEqual(recognizer.recognize(small), fine)
        options.fineDetectionWhenNothingRead = false
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: options).recognize(small), [])
        // Where the main pass reads something, its readings are the result.
        let large = frame()
        let main = recognizer.read(large, recognizer.detect(large))
        XCTAssertFalse(main.isEmpty)
        XCTAssertEqual(recognizer.recognize(large), main)
    }

    func testUnsureReadingsGiveWayOnlyToMoreConfidentOverlappingReadingsOfTheSearch() {
        var options = RecognizerOptions()
        options.minimumConfidence = 0
        options.shortTextMinimumConfidence = 0
        options.fineDetectionBelowConfidence = 0
        let f = frame(patchWidth: 45, barPeriod: 3)
        let main = PlateRecognizer(model: Self.model, options: options).recognize(f)
        XCTAssertFalse(main.isEmpty)
        options.fineDetectionBelowConfidence = 1001  // every reading is unsure
        let searched = PlateRecognizer(model: Self.model, options: options).recognize(f)
        XCTAssertEqual(searched.count, main.count)
        XCTAssertNotEqual(searched, main, "the search replaces a reading in this frame")
        for reading in searched where !main.contains(reading) {
            XCTAssertTrue(main.contains { $0.box.intersection(reading.box) > 0 && $0.confidence < reading.confidence })
        }
        XCTAssertEqual(searched.map(\.confidence), searched.map(\.confidence).sorted(by: >))
        // No reading is below a threshold of 1: nothing is searched for.
        options.fineDetectionBelowConfidence = 1
        XCTAssertEqual(PlateRecognizer(model: Self.model, options: options).recognize(f), main)
    }

    func testRecentringFindsNoTextInAUniformFrame() {
        let recognizer = PlateRecognizer(model: Self.model)
        let flat = LumaImage(width: 200, height: 100, pixels: [UInt8](repeating: 128, count: 200 * 100))
        XCTAssertNil(recognizer.textCentre(flat, around: PixelBox(x: 20, y: 30, width: 120, height: 40)))
    }
}
