import MilepostCore

/// Seconds since 1970-01-01T00:00:00Z. Hotlist dates are whole UTC days.
public typealias UnixSeconds = Int64

/// A calendar date in a hotlist file, converted to the UTC midnight that starts it.
public enum CalendarDate {
    /// Accepts `YYYY-MM-DD`, `YYYYMMDD` and `MM/DD/YYYY`.
    public static func parse(_ text: some StringProtocol) -> UnixSeconds? {
        let digits = text.filter(\.isNumber)
        let (year, month, day): (Int?, Int?, Int?)
        if text.count == 10, text.contains("/") {
            let parts = text.split(separator: "/")
            guard parts.count == 3 else { return nil }
            (month, day, year) = (Int(parts[0]), Int(parts[1]), Int(parts[2]))
        } else if (text.count == 10 && text.filter({ $0 == "-" }).count == 2 && digits.count == 8) || (text.count == 8 && digits.count == 8) {
            let all = Array(digits)
            (year, month, day) = (Int(String(all[0..<4])), Int(String(all[4..<6])), Int(String(all[6..<8])))
        } else {
            return nil
        }
        guard let year, let month, let day, (1970...2200).contains(year) else { return nil }
        let date = CivilCalendar.Date(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        return UnixSeconds(CivilCalendar.days(from: date)) * 86_400
    }

    /// `YYYY-MM-DD` for the UTC day containing `time`.
    public static func format(_ time: UnixSeconds) -> String {
        let date = CivilCalendar.date(fromDays: time >= 0 ? time / 86_400 : (time - 86_399) / 86_400)
        let pad = CivilCalendar.zeroPadded
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }
}
