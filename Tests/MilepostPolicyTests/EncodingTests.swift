import Testing
@testable import MilepostPolicy

@Suite struct Base64URLTests {
    @Test func roundTripsEveryLengthUpToSixtySix() {
        var rng = SeededGenerator(seed: 7)
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

@Suite struct UTCTimeTests {
    @Test func formatsAndParsesRFC3339() throws {
        let t = try #require(UTCTime(rfc3339: "2026-11-29T15:04:05Z"))
        #expect(t.millisecondsSinceEpoch == 1_795_964_645_000)
        #expect(t.description == "2026-11-29T15:04:05Z")
        #expect(UTCTime(rfc3339: "2026-11-29T16:04:05+01:00") == t)
        #expect(UTCTime(rfc3339: "2026-11-29T15:04:05.129876Z")?.millisecondsSinceEpoch == 1_795_964_645_129)
        #expect(t.adding(milliseconds: 129).format(fractionDigits: 2) == "2026-11-29T15:04:05.12Z")
        #expect(UTCTime(rfc3339: "2024-02-29T00:00:00Z") != nil)
        #expect(UTCTime(secondsSinceEpoch: 0).description == "1970-01-01T00:00:00Z")
    }

    @Test(arguments: ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-29 15:04:05Z", "2026-11-29T15:04:05", "2026-11-29T24:00:00Z", "2026-11-29T15:04:05.Z", "2026-11-29T15:04:05Zjunk"])
    func refusesInvalidTimes(_ text: String) {
        #expect(UTCTime(rfc3339: text) == nil)
    }

    @Test func roundTripsRandomInstants() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let t = UTCTime(millisecondsSinceEpoch: Int64.random(in: 0...253_402_300_799_999, using: &rng))
            #expect(UTCTime(rfc3339: t.format(fractionDigits: 3)) == t)
        }
    }
}

/// SplitMix64: a small seeded generator so property tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
