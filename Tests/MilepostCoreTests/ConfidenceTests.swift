import MilepostCore
import Testing

@Suite struct ConfidenceTests {
    @Test func holdsPerMilleWithinRange() {
        #expect(Confidence(perMille: 0)?.fraction == 0)
        #expect(Confidence(perMille: 875)?.fraction == 0.875)
        #expect(Confidence(perMille: 1000)?.fraction == 1)
        #expect(Confidence(perMille: -1) == nil)
        #expect(Confidence(perMille: 1001) == nil)
    }

    @Test func readsAFractionAsTheNearestPerMille() {
        #expect(Confidence(fraction: Double(Float(0.93)))?.perMille == 930, "a confidence stored as a 32-bit float comes back exact")
        #expect(Confidence(fraction: 0.8755)?.perMille == 876)
        #expect(Confidence(fraction: 1.5) == nil)
        #expect(Confidence(fraction: .nan) == nil)
    }

    @Test func everyPerMilleSurvivesA32BitFloatFraction() {
        for perMille in 0...1000 {
            let stored = Float(perMille) / 1000
            #expect(Confidence(fraction: Double(stored))?.perMille == perMille)
        }
    }
}
