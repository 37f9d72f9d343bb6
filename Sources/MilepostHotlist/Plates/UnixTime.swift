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
        guard let year, let month, let day, (1970...2200).contains(year), (1...12).contains(month) else { return nil }
        guard (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return UnixSeconds(daysFromCivil(year: year, month: month, day: day)) * 86_400
    }

    /// `YYYY-MM-DD` for the UTC day containing `time`.
    public static func format(_ time: UnixSeconds) -> String {
        let days = Int(time >= 0 ? time / 86_400 : (time - 86_399) / 86_400)
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
