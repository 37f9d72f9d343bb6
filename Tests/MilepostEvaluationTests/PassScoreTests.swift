import MilepostEvaluation
import MilepostRecognition
import Testing

@Suite struct PassScoreTests {
    static func plate(_ text: String, _ confidence: Int, x: Int = 100) -> ReportedPlate {
        ReportedPlate(text: text, confidence: confidence, box: PixelBox(x: x, y: 300, width: 120, height: 40), candidates: [text])
    }

    @Test func aPassIsRightWhenItsVoteIsThoughOneFrameWasWrongOrEmpty() {
        var score = PassScore(minimumConfidence: 500)
        let correct = score.add([[Self.plate("ABC1234", 700)], [Self.plate("A8C1234", 650, x: 110)], [Self.plate("ABC1234", 800, x: 120)],
                                 [Self.plate("ABC1234", 400, x: 130)]], plate: "ABC1234")
        #expect(correct)
        #expect(score.frames == 4)
        #expect(score.framesCorrect == 2)
        #expect(score.framesWrong == 1)
        #expect(score.frameReads == 3)
        #expect(score.passesCorrect == 1)
        #expect(score.passReads == 1)
    }

    @Test func aPassWithNothingSureIsNeitherRightNorWrong() {
        var score = PassScore(minimumConfidence: 500)
        let correct = score.add([[Self.plate("ABC1234", 300)], []], plate: "ABC1234")
        #expect(!correct)
        #expect(score.passes == 1 && score.passesCorrect == 0 && score.passesWrong == 0 && score.passReads == 0)
        #expect(score.report(folder: "dev", framesPerPass: "2").last == "pass (voted): correct 0/1 = 0.0%, wrong 0/1 = 0.0%, reads stored 0")
    }
}
