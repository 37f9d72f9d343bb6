import Foundation
import MilepostCore
import Testing

@Suite struct CivilCalendarTests {
    @Test func knownDatesMapToTheirDayNumbers() {
        #expect(CivilCalendar.days(from: .init(year: 1970, month: 1, day: 1)) == 0)
        #expect(CivilCalendar.days(from: .init(year: 2000, month: 3, day: 1)) == 11_017)
        #expect(CivilCalendar.days(from: .init(year: 1969, month: 12, day: 31)) == -1)
        #expect(CivilCalendar.days(from: .init(year: 2026, month: 11, day: 29)) == 20_786)
    }

    @Test func everyDayFrom1900To2200RoundTripsAndAgreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for days in Int64(-25_567)...Int64(84_000) {
            let date = CivilCalendar.date(fromDays: days)
            #expect(date.isValid)
            #expect(CivilCalendar.days(from: date) == days)
            if days % 997 == 0 {
                let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
                #expect(parts.year == date.year && parts.month == date.month && parts.day == date.day)
            }
        }
    }

    @Test func monthLengthsFollowTheLeapYearRules() {
        #expect(CivilCalendar.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilCalendar.daysIn(month: 4, year: 2026) == 30)
        #expect(!CivilCalendar.Date(year: 2026, month: 2, day: 29).isValid)
        #expect(!CivilCalendar.Date(year: 2026, month: 13, day: 1).isValid)
    }

    @Test func zeroPaddingKeepsLongerNumbers() {
        #expect(CivilCalendar.zeroPadded(7, 2) == "07")
        #expect(CivilCalendar.zeroPadded(2026, 2) == "2026")
    }
}
