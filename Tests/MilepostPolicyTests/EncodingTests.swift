import MilepostCore
import Testing
@testable import MilepostPolicy

@Suite struct Base64URLTests {
    @Test func roundTripsEveryLengthUpToSixtySix() {
        var rng = SplitMix64(seed: 7)
        for length in 0...66 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == bytes)
        }
    }

    @Test func knownValuesFromRFC4648() {
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
    }

    @Test func refusesPaddingForeignCharactersImpossibleLengthsAndNonZeroTrailingBits() {
        #expect(Base64URL.decode("Zm8=") == nil)
        #expect(Base64URL.decode("Zm+v") == nil)
        #expect(Base64URL.decode("Z") == nil)
        #expect(Base64URL.decode("Zm9") == nil)  // 'Zm9' has unused bits set: not canonical
        #expect(Base64URL.decode("Zm8") == Array("fo".utf8))
    }
}
