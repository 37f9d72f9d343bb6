extension UTCTime {
    /// The UTC midnight that starts a calendar date as hotlist files write it: `YYYY-MM-DD`,
    /// `YYYYMMDD` or `MM/DD/YYYY`, years 1970 to 2200. Nil for anything else.
    public init?(calendarDate text: some StringProtocol) {
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
        self.init(secondsSinceEpoch: CivilCalendar.days(from: date) * 86_400)
    }

    /// `YYYY-MM-DD`, the UTC day containing this instant.
    public var calendarDate: String {
        let date = CivilCalendar.date(fromDays: floorDivide(secondsSinceEpoch, 86_400))
        let pad = CivilCalendar.zeroPadded
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }
}
