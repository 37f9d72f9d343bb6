import MilepostRecognition
import Testing
@testable import MilepostEvaluation

@Suite struct FrameScoreTests {
    let label = PixelBox(x: 100, y: 100, width: 80, height: 40)
    let onLabel = PixelBox(x: 110, y: 105, width: 60, height: 30)
    let elsewhere = PixelBox(x: 0, y: 0, width: 50, height: 20)

    func plate(_ text: String, _ confidence: Int, _ box: PixelBox, also: [String] = []) -> ReportedPlate {
        ReportedPlate(text: text, confidence: confidence, box: box, candidates: [text] + also)
    }

    @Test func topPlateReadingTheLabelIsCorrectAtOne() {
        var score = FrameScore(threshold: 500)
        let correct = [
            score.add([plate("ABC123", 900, onLabel)], labelledBox: label, plate: "ABC123"),
            score.add([plate("ABC128", 900, onLabel, also: ["ABC123"])], labelledBox: label, plate: "ABC123"),
            score.add([plate("XYZ1", 300, elsewhere), plate("ABC123", 900, onLabel)], labelledBox: label, plate: "ABC123"),
            score.add([], labelledBox: label, plate: "ABC123"),
        ]
        #expect(correct == [true, false, false, false])
        #expect(score.frames == 4)
        #expect(score.correctAtOne == 1)
        // Frames 1, 2 (second candidate) and 3 (second plate) hold the label somewhere.
        #expect(score.correctAtTen == 3)
        #expect(score.framesWithNoPlate == 1)
        // Only XYZ1 lies wholly outside the labelled box.
        #expect(score.falsePlates == 1)
        // Top reads at >= 500: frames 1 (correct) and 2 (wrong); frame 3's top is at 300.
        #expect(score.sure == 2)
        #expect(score.sureCorrect == 1)
    }

    @Test func theThresholdIsInclusive() {
        var score = FrameScore(threshold: 700)
        score.add([plate("AB12", 700, onLabel)], labelledBox: label, plate: "AB12")
        score.add([plate("AB12", 699, onLabel)], labelledBox: label, plate: "AB12")
        #expect(score.sure == 1)
        #expect(score.sureCorrect == 1)
    }

    @Test func unreadableFramesAreCountedApart() {
        var score = FrameScore(threshold: 500)
        score.addUnreadable()
        score.add([plate("AB12", 900, onLabel)], labelledBox: label, plate: "AB12")
        #expect(score.frames == 1)
        #expect(score.unreadable == 1)
        #expect(score.report(folder: "dev", medianMilliseconds: "9.500") == [
            "frames: 1 (1 unreadable) in dev",
            "correct@1: 1/1 = 100.0%",
            "correct@10: 1/1 = 100.0%",
            "frames with no plate: 0",
            "false plates: 0",
            "median ms/frame (decode + recognise): 9.500",
            "calibration: 1 top reads at confidence >= 500, 1 correct = 100.0%",
        ])
    }

    @Test func anEmptyFolderReportsNotApplicable() {
        let report = FrameScore(threshold: 500).report(folder: "empty", medianMilliseconds: "0.000")
        #expect(report[1] == "correct@1: 0/0 = n/a")
        #expect(report[6] == "calibration: 0 top reads at confidence >= 500, 0 correct = n/a")
    }
}

@Suite struct CropScoreTests {
    func candidates(_ list: (String, Int)...) -> [PlateCandidate] {
        list.map { PlateCandidate(text: $0.0, confidence: $0.1) }
    }

    @Test func bestCandidateReadingTheLabelIsCorrectAtOne() {
        var score = CropScore(threshold: 600)
        let correct = [
            score.add(candidates(("7ABC123", 950), ("7A8C123", 30)), plate: "7ABC123"),
            score.add(candidates(("7A8C123", 640), ("7ABC123", 300)), plate: "7ABC123"),
            score.add(candidates(("1XYZ", 200)), plate: "7ABC123"),
            score.add([], plate: "7ABC123"),
        ]
        #expect(correct == [true, false, false, false])
        score.addUnreadable()
        #expect(score.report(folder: "plates") == [
            "crops: 4 (1 unreadable) in plates",
            "reading correct@1: 1/4 = 25.0%",
            "reading correct@10: 2/4 = 50.0%",
            "calibration: 2 reads at confidence >= 600, 1 correct = 50.0%",
        ])
    }
}

@Suite struct PercentTests {
    @Test func oneDecimalRoundedHalfUp() {
        #expect(Percent.format(1, of: 3) == "33.3%")
        #expect(Percent.format(2, of: 3) == "66.7%")
        #expect(Percent.format(1, of: 8) == "12.5%")
        #expect(Percent.format(1, of: 2000) == "0.1%")
        #expect(Percent.format(1, of: 2001) == "0.0%")
        #expect(Percent.format(7, of: 7) == "100.0%")
        #expect(Percent.format(0, of: 5) == "0.0%")
    }

    @Test func ofNothingIsNotApplicable() {
        #expect(Percent.format(0, of: 0) == "n/a")
    }
}
