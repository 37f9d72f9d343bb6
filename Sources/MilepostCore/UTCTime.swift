/// An instant in UTC with millisecond resolution (the finest any record keeps; the policy asks
/// for at least 10 ms), written as RFC 3339, the profile of ISO 8601 (`2026-11-29T15:00:00Z`).
///
/// Kept independent of Foundation's `Date` so that parsing and formatting are exact and the
/// same on every platform; the calendar arithmetic is `CivilCalendar`'s.
public struct UTCTime: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public init(secondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = secondsSinceEpoch * 1000
    }

    public static let millisecondsPerDay: Int64 = 86_400_000

    /// Whole seconds since the epoch, rounded down.
    public var secondsSinceEpoch: Int64 { floorDivide(millisecondsSinceEpoch, 1000) }

    public static func < (a: UTCTime, b: UTCTime) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    public func adding(milliseconds: Int64) -> UTCTime {
        UTCTime(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    public func adding(seconds: Int64) -> UTCTime { adding(milliseconds: seconds * 1000) }

    public func milliseconds(since other: UTCTime) -> Int64 { millisecondsSinceEpoch - other.millisecondsSinceEpoch }

    public static let distantFuture = UTCTime(millisecondsSinceEpoch: 253_402_300_799_000)  // 9999-12-31T23:59:59Z

    // MARK: RFC 3339

    /// Seconds only when the instant is whole, otherwise milliseconds.
    public var description: String { format(fractionDigits: millisecondsSinceEpoch % 1000 == 0 ? 0 : 3) }

    /// `fractionDigits` 0...3; the audit log uses 2 (10 ms). Truncates, never rounds up.
    public func format(fractionDigits: Int) -> String {
        let seconds = secondsSinceEpoch
        let milli = Int(millisecondsSinceEpoch - seconds * 1000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let date = CivilCalendar.date(fromDays: days)
        var text = pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionDigits > 0 {
            let digits = pad(milli, 3)
            text += "." + digits.prefix(min(fractionDigits, 3))
        }
        return text + "Z"
    }

    /// Accepts `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; fractions beyond milliseconds are truncated.
    public init?(rfc3339 text: String) {
        let c = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                guard c[i] >= 48, c[i] <= 57 else { return nil }
                value = value * 10 + Int(c[i] - 48)
            }
            return value
        }
        func char(_ at: Int, _ expected: Character) -> Bool { at < c.count && c[at] == expected.asciiValue! }
        guard let year = number(0, 4), char(4, "-"), let month = number(5, 2), char(7, "-"),
              let day = number(8, 2), char(10, "T") || char(10, "t"),
              let hour = number(11, 2), char(13, ":"), let minute = number(14, 2), char(16, ":"),
              let second = number(17, 2)
        else { return nil }
        guard CivilCalendar.Date(year: year, month: month, day: day).isValid,
              hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var milli = 0
        if char(index, ".") {
            index += 1
            var digits = 0
            while index < c.count, c[index] >= 48, c[index] <= 57 {
                if digits < 3 { milli = milli * 10 + Int(c[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { milli *= 10 } }
        }
        var offsetSeconds = 0
        if char(index, "Z") || char(index, "z") {
            index += 1
        } else if char(index, "+") || char(index, "-") {
            let sign = char(index, "-") ? -1 : 1
            guard let oh = number(index + 1, 2), char(index + 3, ":"), let om = number(index + 4, 2), oh < 24, om < 60
            else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            index += 6
        } else {
            return nil
        }
        guard index == c.count else { return nil }
        let days = CivilCalendar.days(from: .init(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        self.millisecondsSinceEpoch = seconds * 1000 + Int64(milli)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = UTCTime(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 time")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private func pad(_ value: Int, _ width: Int) -> String { CivilCalendar.zeroPadded(value, width) }

func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    value >= 0 ? value / divisor : (value - divisor + 1) / divisor
}
