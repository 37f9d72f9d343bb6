import MilepostCore
import MilepostImaging
import Testing
@testable import MilepostService

@Suite struct PassVoteTests {
    static func frame(_ index: Int) -> CapturedFrame {
        CapturedFrame(image: LumaImage(width: 4, height: 2, pixels: [UInt8](repeating: 9, count: 8)), capturedAtMilliseconds: 1_700_000_000_000 + Int64(index) * 100)
    }

    static func seen(_ text: String, _ confidence: Int, x: Int32, width: Int32 = 100, crop: UInt8 = 0) -> PlateObservation {
        PlateObservation(text: text, confidence: confidence, alternatives: [], box: PlateBox(x: x, y: 400, width: width, height: 30), cropJPEG: [0xFF, 0xD8, crop])
    }

    static func pass(_ frames: [[PlateObservation]]) -> [FrameReading] {
        frames.enumerated().map { FrameReading(frame: frame($0.offset), observations: $0.element) }
    }

    @Test func aPlateReadInEveryFrameOfAnApproachIsOneReadWithTheSurestFrameAsEvidence() {
        // The vehicle approaches: the plate moves right and grows; one frame misreads a character.
        let voted = PassVote.vote(Self.pass([
            [Self.seen("ABC1234", 700, x: 300, crop: 1)],
            [Self.seen("A8C1234", 650, x: 340, width: 110, crop: 2)],
            [Self.seen("ABC1234", 910, x: 390, width: 125, crop: 3)],
        ]))
        #expect(voted.count == 1)
        #expect(voted.first?.observation.text == "ABC1234")
        #expect(voted.first?.observation.cropJPEG == [0xFF, 0xD8, 3])
        #expect(voted.first?.frameIndex == 2)
        #expect(voted.first?.agreement == PassAgreement(framesRead: 3, framesAgreed: 2))
    }

    @Test func theTextWithTheMostConfidenceOverThePassWinsNotTheSurestSingleReading() {
        let voted = PassVote.vote(Self.pass([
            [Self.seen("XYZ789", 600, x: 500)],
            [Self.seen("XYZ789", 600, x: 510)],
            [Self.seen("XY2789", 900, x: 520)],
        ]))
        #expect(voted.map(\.observation.text) == ["XYZ789"])
        #expect(voted.first?.agreement.framesAgreed == 2)
    }

    @Test func twoVehiclesInOnePassAreTwoReadsAndAFrameWithNothingStillCounts() {
        let voted = PassVote.vote(Self.pass([
            [Self.seen("ABC1234", 800, x: 100), Self.seen("ABD1234", 800, x: 900)],
            [],
            [Self.seen("ABD1234", 850, x: 930), Self.seen("ABC1234", 820, x: 120)],
        ]))
        // ABC1234 and ABD1234 are one character apart, but far apart in the frame: two plates.
        #expect(voted.map(\.observation.text) == ["ABC1234", "ABD1234"])
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
