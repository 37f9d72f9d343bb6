import XCTest
@testable import MilepostRecognition

final class CTCDecoderTests: XCTestCase {
    let head = try! WeightsFile.load(TestModelFile().bytes()).readerHead

    /// Logits where each step strongly prefers one class (index into the 36 classes).
    func logits(_ classes: [Int], margin: Int8 = 40) -> StepProbabilities {
        var t = Int8Tensor(height: 1, width: classes.count, channels: 36)
        for (step, c) in classes.enumerated() { t[0, step, c] = margin }
        return StepProbabilities(logits: t, head: head)
    }

    func text(_ labels: [Int]) -> String { String(labels.map { head.alphabet[$0] }) }

    func testProbabilitiesOfAStepSumToOne() {
        let p = logits([10, 35])
        for step in 0..<2 {
            let sum = (0..<36).reduce(0) { $0 + Int(p[step, $1]) }
            XCTAssertLessThanOrEqual(abs(sum - 65536), 36)
        }
    }

    func testGreedyMergesRepeatsAndDropsBlanks() {
        // A A blank A B B blank -> "AAB"
        let d = CTCDecoder(head: head, beamWidth: 8)
        XCTAssertEqual(text(d.greedy(logits([10, 10, 35, 10, 11, 11, 35]))), "AAB")
    }

    func testCharacterSpanIsWhereTheTextLies() {
        let d = CTCDecoder(head: head, beamWidth: 8)
        XCTAssertEqual(d.characterSpan(logits([35, 35, 4, 35, 7, 7, 35])), 2...5)
        XCTAssertEqual(d.characterSpan(logits([4, 35, 35])), 0...0)
        XCTAssertNil(d.characterSpan(logits([35, 35, 35])))
    }

    func testBeamSearchRanksTheGreedyReadingFirstWhenStepsAreSure() {
        let d = CTCDecoder(head: head, beamWidth: 8)
        let ranked = d.beamSearch(logits([1, 35, 2, 2, 35, 3], margin: 60))
        XCTAssertEqual(text(ranked[0].labels), "123")
        XCTAssertGreaterThan(ranked[0].confidence, 900)
        XCTAssertTrue(ranked.dropFirst().allSatisfy { $0.confidence < ranked[0].confidence })
    }

    func testBeamSearchOffersTheRunnerUpOfAnAmbiguousStep() {
        // Step 1 is split between 8 and B.
        var t = Int8Tensor(height: 1, width: 3, channels: 36)
        t[0, 0, 1] = 60
        t[0, 1, 8] = 50
        t[0, 1, 11] = 48
        t[0, 2, 3] = 60
        let d = CTCDecoder(head: head, beamWidth: 8)
        let ranked = d.beamSearch(StepProbabilities(logits: t, head: head)).map { text($0.labels) }
        XCTAssertEqual(Array(ranked.prefix(2)), ["183", "1B3"])
    }

    func testFastBeamSearchGivesTheReferenceResultsExactly() {
        var random = TestRandom(seed: 9)
        for trial in 0..<40 {
            var t = Int8Tensor(height: 1, width: 23, channels: 36)
            for step in 0..<23 {
                for c in 0..<36 { t[0, step, c] = Int8(truncatingIfNeeded: Int(random.next() % 50) - 30) }
                // a few steps with a clear winner, as real plates have
                if random.next() % 2 == 0 { t[0, step, Int(random.next() % 36)] = 60 }
            }
            let p = StepProbabilities(logits: t, head: head)
            let d = CTCDecoder(head: head, beamWidth: 16)
            let fast = d.beamSearch(p), reference = d.beamSearchReference(p)
            XCTAssertEqual(fast.map(\.labels), reference.map(\.labels), "trial \(trial)")
            XCTAssertEqual(fast.map(\.confidence), reference.map(\.confidence), "trial \(trial)")
            XCTAssertFalse(fast.isEmpty)
        }
    }

    func testCharacterConfidencesFollowTheSteps() {
        var t = Int8Tensor(height: 1, width: 3, channels: 36)
        t[0, 0, 1] = 80
        t[0, 1, 35] = 80
        t[0, 2, 2] = 8  // weak
        let d = CTCDecoder(head: head, beamWidth: 4)
        let c = d.characterConfidences([1, 2], StepProbabilities(logits: t, head: head))
        XCTAssertGreaterThan(c[0], 990)
        XCTAssertLessThan(c[1], 200)
    }
}

final class PlateFormatTests: XCTestCase {
    func testAcceptsCommonAndVanityPlates() {
        for text in ["ABC1234", "6HP995", "CCLVN3", "TAXI", "ZZ", "12345678"] {
            XCTAssertTrue(PlateFormat.allows(text), text)
        }
    }

    func testRejectsWhatNoUSPlateCarries() {
        for text in ["A", "ABCDEFGH9", "AB-12", "ab123", "ABO123", "1111111", ""] {
            XCTAssertFalse(PlateFormat.allows(text), text)
        }
    }

    func testNormalisesToTheLabelConvention() {
        XCTAssertEqual(PlateFormat.normalise("abc-1o 2"), "ABC102")
    }
}
