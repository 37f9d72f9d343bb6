import MilepostCore
import Testing

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
        // Repeatable instants from year 1 to 9999 (a linear congruential sequence).
        var state: UInt64 = 3
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let t = UTCTime(millisecondsSinceEpoch: -62_135_596_800_000 + Int64((state >> 16) % 315_537_897_600_000))
            #expect(UTCTime(rfc3339: t.format(fractionDigits: 3)) == t)
        }
    }

    @Test func readsHotlistCalendarDatesAsTheirUTCMidnight() {
        let midnight = UTCTime(rfc3339: "2026-11-28T00:00:00Z")
        #expect(UTCTime(calendarDate: "2026-11-28") == midnight)
        #expect(UTCTime(calendarDate: "20261128") == midnight)
        #expect(UTCTime(calendarDate: "11/28/2026") == midnight)
        #expect(UTCTime(calendarDate: "2026-02-29") == nil)
        #expect(UTCTime(calendarDate: "1969-12-31") == nil)
        #expect(UTCTime(calendarDate: "28.11.2026") == nil)
        #expect(UTCTime(rfc3339: "2026-11-28T23:59:59.999Z")?.calendarDate == "2026-11-28")
        #expect(UTCTime(millisecondsSinceEpoch: -1).calendarDate == "1969-12-31")
        #expect(UTCTime(millisecondsSinceEpoch: -1).secondsSinceEpoch == -1)
    }
}
