import MilepostCore
import Testing
@testable import MilepostRecognition

/// A plate as one frame of a pass read it.
struct Seen: PassReading, Equatable {
    var text: String
    var confidence: Int
    var frameBox: PlateBox
    /// Which frame's crop this is, to tell the evidence apart.
    var crop: Int
}

@Suite struct PassVoteTests {
    static func seen(_ text: String, _ confidence: Int, x: Int32, width: Int32 = 100, crop: Int = 0) -> Seen {
        Seen(text: text, confidence: confidence, frameBox: PlateBox(x: x, y: 400, width: width, height: 30), crop: crop)
    }

    static func pass(_ frames: [[Seen]]) -> [[Seen]] { frames }

    @Test func aPlateReadInEveryFrameOfAnApproachIsOneReadWithTheSurestFrameAsEvidence() {
        // The vehicle approaches: the plate moves right and grows; one frame misreads a character.
        let voted = PassVote.vote(Self.pass([
            [Self.seen("ABC1234", 700, x: 300, crop: 1)],
            [Self.seen("A8C1234", 650, x: 340, width: 110, crop: 2)],
            [Self.seen("ABC1234", 910, x: 390, width: 125, crop: 3)],
        ]))
        #expect(voted.count == 1)
        #expect(voted.first?.reading.text == "ABC1234")
        #expect(voted.first?.reading.crop == 3)
        #expect(voted.first?.frameIndex == 2)
        #expect(voted.first?.agreement == PassAgreement(framesRead: 3, framesAgreed: 2))
    }

    @Test func theTextWithTheMostConfidenceOverThePassWinsNotTheSurestSingleReading() {
        let voted = PassVote.vote(Self.pass([
            [Self.seen("XYZ789", 600, x: 500)],
            [Self.seen("XYZ789", 600, x: 510)],
            [Self.seen("XY2789", 900, x: 520)],
        ]))
        #expect(voted.map(\.reading.text) == ["XYZ789"])
        #expect(voted.first?.agreement.framesAgreed == 2)
    }

    @Test func twoVehiclesInOnePassAreTwoReadsAndAFrameWithNothingStillCounts() {
        let voted = PassVote.vote(Self.pass([
            [Self.seen("ABC1234", 800, x: 100), Self.seen("ABD1234", 800, x: 900)],
            [],
            [Self.seen("ABD1234", 850, x: 930), Self.seen("ABC1234", 820, x: 120)],
        ]))
        // ABC1234 and ABD1234 are one character apart, but far apart in the frame: two plates.
        #expect(voted.map(\.reading.text) == ["ABC1234", "ABD1234"])
        #expect(voted.map(\.agreement) == [PassAgreement(framesRead: 3, framesAgreed: 2), PassAgreement(framesRead: 3, framesAgreed: 2)])
    }

    @Test func letterOAndDigitZeroVoteTogether() {
        let voted = PassVote.vote(Self.pass([[Self.seen("BOB123", 700, x: 10)], [Self.seen("B0B123", 750, x: 12)]]))
        #expect(voted.count == 1)
        #expect(voted.first?.agreement.framesAgreed == 2)
    }

    @Test func editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        #expect(PassVote.editDistance(Array("ABC123".utf8), Array("ABC123".utf8)) == 0)
        #expect(PassVote.editDistance(Array("ABC123".utf8), Array("AB123".utf8)) == 1)
        #expect(PassVote.editDistance(Array("ABC123".utf8), Array("XBC12".utf8)) == 2)
        #expect(PassVote.editDistance(Array("".utf8), Array("AB".utf8)) == 2)
    }
}
