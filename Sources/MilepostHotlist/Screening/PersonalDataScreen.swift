/// Looks for the shapes of registered-owner personal data (DPPA, 18 U.S.C. §2721) in the
/// text a hotlist entry carries to officers and webhooks: dates, street addresses and PO
/// boxes, social security, phone and licence numbers, long digit runs, and the labels that
/// introduce such data. A name written without a label cannot be told from other words;
/// the field limits (a short remark, a case number without blanks) keep the room small.
/// docs/HOTLIST-FORMATS.md states the rules.
public struct PersonalDataScreen: Sendable {
    /// Digit runs at least this long are refused.
    let shortestLongNumber: Int
    /// Whether letters followed by seven or more digits count as a licence number. Agency
    /// identifiers (ORIs such as MA0140000) have that shape, so identifiers may carry it.
    let refusesLicenceShape: Bool

    /// A short free-text remark.
    public static let remark = PersonalDataScreen(shortestLongNumber: 7, refusesLicenceShape: true)
    /// A case number or agency identifier: no blanks, and room for an ORI's seven digits.
    public static let identifier = PersonalDataScreen(shortestLongNumber: 8, refusesLicenceShape: false)

    /// The first shape of personal data in `text`, by position, or nil if it passes.
    public func finding(in text: String) -> PersonalDataFinding? {
        let plain = TextAtoms(text).atoms
        let dotless = TextAtoms(text, ignoringDots: true).atoms
        var findings: [PersonalDataFinding] = []
        findings += Self.labels(in: dotless)
        findings += Self.postOfficeBoxes(in: dotless)
        findings += Self.dates(in: plain)
        findings += Self.groupedNumbers(in: plain)
        findings += digitRuns(in: plain)
        findings += Self.streetAddresses(in: plain)
        return findings.min { $0.position < $1.position }
    }

    // MARK: Labels

    static let labelWords: Set<String> = ["OWNER", "OWNERS", "REGISTERED", "REGISTRANT", "DOB", "BORN", "ADDRESS", "ADDR", "SSN", "OLN"]
    static let licenceWords: Set<String> = ["LICENCE", "LICENSE"]
    /// "licence plate" names the plate, not a driver's licence.
    static let plateWords: Set<String> = ["PLATE", "PLATES", "PLT", "TAG", "TAGS"]
    /// NCIC person field tags: NAM/, ADR/, SOC/ (DOB/ and OLN/ are label words already).
    static let ncicTags: Set<String> = ["NAM", "ADR", "SOC"]

    static func labels(in atoms: [TextAtoms.Atom]) -> [PersonalDataFinding] {
        var found: [PersonalDataFinding] = []
        for (index, atom) in atoms.enumerated() where atom.kind == .letters {
            let next = atoms.index(afterSpaces: index + 1)
            let word = atom.text
            if labelWords.contains(word) {
                found.append(.init(shape: .label(word.lowercased()), position: atom.position))
            } else if licenceWords.contains(word) {
                if !(next.map { atoms[$0].kind == .letters && plateWords.contains(atoms[$0].text) } ?? false) {
                    found.append(.init(shape: .label(word.lowercased()), position: atom.position))
                }
            } else if word == "NAME", let next, atoms[next].text == ":" {
                found.append(.init(shape: .label("name:"), position: atom.position))
            } else if ncicTags.contains(word), index + 1 < atoms.count, atoms[index + 1].text == "/" {
                found.append(.init(shape: .label(word + "/"), position: atom.position))
            }
        }
        return found
    }

    static func postOfficeBoxes(in atoms: [TextAtoms.Atom]) -> [PersonalDataFinding] {
        var found: [PersonalDataFinding] = []
        for (index, atom) in atoms.enumerated() where atom.kind == .letters {
            let words = atoms.words(from: index, count: 3)
            if atom.text == "POBOX" || words.starts(with: ["PO", "BOX"]) || words == ["POST", "OFFICE", "BOX"] {
                found.append(.init(shape: .postOfficeBox, position: atom.position))
            }
        }
        return found
    }

    // MARK: Dates

    static let months: Set<String> = [
        "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN", "JUNE",
        "JUL", "JULY", "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER", "NOV", "NOVEMBER",
        "DEC", "DECEMBER",
    ]

    /// Numeric dates (1/2/1980, 01-02-80, 1980-01-02, 1980.01.02) and dates with a month
    /// name (02JAN1980, 2 Jan 1980, Jan 2 1980, January 2, 1980). A month and year alone
    /// ("stolen 2026-11") is not a date of birth and passes.
    static func dates(in atoms: [TextAtoms.Atom]) -> [PersonalDataFinding] {
        var found: [PersonalDataFinding] = []
        for index in atoms.indices {
            if isNumericDate(atoms, at: index) || isNamedMonthDate(atoms, at: index) {
                found.append(.init(shape: .date, position: atoms[index].position))
            }
        }
        return found
    }

    private static func isNumericDate(_ atoms: [TextAtoms.Atom], at index: Int) -> Bool {
        guard index + 4 < atoms.count else { return false }
        let first = atoms[index], second = atoms[index + 2], third = atoms[index + 4]
        let separator = atoms[index + 1]
        guard [first, second, third].allSatisfy({ $0.kind == .digits }), separator.kind == .mark,
              ["/", "-", "."].contains(separator.text), atoms[index + 3].text == separator.text
        else { return false }
        guard second.text.count <= 2 else { return false }
        let b = Int(second.text)!
        if first.text.count == 4 {
            guard isYear(first.text), third.text.count <= 2 else { return false }
            return (1...12).contains(b) && (1...31).contains(Int(third.text)!)
        }
        guard first.text.count <= 2, third.text.count == 2 || isYear(third.text) else { return false }
        let a = Int(first.text)!
        return ((1...12).contains(a) && (1...31).contains(b)) || ((1...31).contains(a) && (1...12).contains(b))
    }

    private static func isNamedMonthDate(_ atoms: [TextAtoms.Atom], at index: Int) -> Bool {
        func isDay(_ i: Int?) -> Bool {
            guard let i, i < atoms.count, atoms[i].kind == .digits, atoms[i].text.count <= 2 else { return false }
            return (1...31).contains(Int(atoms[i].text)!)
        }
        func isMonth(_ i: Int?) -> Bool {
            guard let i, i < atoms.count else { return false }
            return atoms[i].kind == .letters && months.contains(atoms[i].text)
        }
        func isYearAtom(_ i: Int?) -> Bool {
            guard let i, i < atoms.count, atoms[i].kind == .digits else { return false }
            return atoms[i].text.count == 2 || isYear(atoms[i].text)
        }
        if isDay(index) {
            let month = atoms.index(afterDateSeparators: index + 1)
            return isMonth(month) && isYearAtom(atoms.index(afterDateSeparators: month! + 1))
        }
        if isMonth(index) {
            let day = atoms.index(afterDateSeparators: index + 1)
            return isDay(day) && isYearAtom(atoms.index(afterDateSeparators: day! + 1))
        }
        return false
    }

    private static func isYear(_ digits: String) -> Bool {
        digits.count == 4 && (1900...2099).contains(Int(digits)!)
    }

    // MARK: Numbers

    /// 123-45-6789, 123 45 6789 (social security); 555-123-4567, (555) 123-4567 (phone).
    static func groupedNumbers(in atoms: [TextAtoms.Atom]) -> [PersonalDataFinding] {
        var found: [PersonalDataFinding] = []
        for index in atoms.indices where atoms[index].kind == .digits && atoms[index].text.count == 3 {
            guard let second = atoms.index(afterNumberSeparators: index + 1), atoms[second].kind == .digits,
                  let third = atoms.index(afterNumberSeparators: second + 1), atoms[third].kind == .digits,
                  atoms[third].text.count == 4
            else { continue }
            switch atoms[second].text.count {
            case 2: found.append(.init(shape: .socialSecurityNumber, position: atoms[index].position))
            case 3: found.append(.init(shape: .phoneNumber, position: atoms[index].position))
            default: break
            }
        }
        return found
    }

    func digitRuns(in atoms: [TextAtoms.Atom]) -> [PersonalDataFinding] {
        var found: [PersonalDataFinding] = []
        for (index, atom) in atoms.enumerated() where atom.kind == .digits {
            let letters = index > 0 && atoms[index - 1].kind == .letters ? atoms[index - 1] : nil
            if refusesLicenceShape, let letters, letters.text.count <= 3, atom.text.count >= 7 {
                found.append(.init(shape: .licenceNumber, position: letters.position))
            } else if atom.text.count == 9 {
                found.append(.init(shape: .socialSecurityNumber, position: atom.position))
            } else if atom.text.count >= shortestLongNumber {
                found.append(.init(shape: .longNumber(digits: atom.text.count), position: atom.position))
            }
        }
        return found
    }

    // MARK: Addresses

    static let streetSuffixes: Set<String> = [
        "ST", "STREET", "AVE", "AV", "AVENUE", "RD", "ROAD", "BLVD", "BOULEVARD", "DR", "DRIVE", "LN", "LANE",
        "CT", "COURT", "WAY", "PL", "PLACE", "HWY", "HIGHWAY", "ROUTE", "RTE", "TER", "TERRACE", "CIR",
        "CIRCLE", "PKWY", "PARKWAY", "SQ", "SQUARE", "TPKE", "TURNPIKE", "ALY", "ALLEY",
    ]
    static let ordinalEndings: Set<String> = ["ST", "ND", "RD", "TH"]

    /// A house number followed by one to three words and a street suffix: "12 Main St",
    /// "400 North 5th Ave.". A suffix straight after a number ("exit 12 Route 9") passes.
    static func streetAddresses(in atoms: [TextAtoms.Atom]) -> [PersonalDataFinding] {
        var found: [PersonalDataFinding] = []
        for index in atoms.indices where atoms[index].kind == .digits && atoms[index].text.count <= 6 {
            if index > 0, atoms[index - 1].kind == .letters || atoms[index - 1].kind == .digits { continue }
            var cursor = index + 1
            var words = 0
            while words < 4, cursor + 1 < atoms.count, atoms[cursor].kind == .space {
                var word = cursor + 1
                let isOrdinal = atoms[word].kind == .digits && word + 1 < atoms.count
                    && atoms[word + 1].kind == .letters && ordinalEndings.contains(atoms[word + 1].text)
                if isOrdinal { word += 1 } else if atoms[word].kind != .letters { break }
                words += 1
                if words >= 2, !isOrdinal, streetSuffixes.contains(atoms[word].text) {
                    found.append(.init(shape: .streetAddress, position: atoms[index].position))
                    break
                }
                cursor = word + 1
                if cursor < atoms.count, atoms[cursor].text == "." { cursor += 1 }
            }
        }
        return found
    }
}

extension [TextAtoms.Atom] {
    /// The first index at or after `start` that is not a blank.
    func index(afterSpaces start: Int) -> Int? {
        var index = start
        while index < count, self[index].kind == .space { index += 1 }
        return index < count ? index : nil
    }

    /// Skips up to two separators inside a date: blanks and , - / .
    func index(afterDateSeparators start: Int) -> Int? {
        skipping(from: start) { $0.kind == .space || [",", "-", "/", "."].contains($0.text) }
    }

    /// Skips one or two separators inside a grouped number: blanks and - . / )
    func index(afterNumberSeparators start: Int) -> Int? {
        guard start < count, self[start].kind == .space || ["-", ".", "/", ")"].contains(self[start].text) else { return nil }
        return skipping(from: start) { $0.kind == .space || ["-", ".", "/", ")"].contains($0.text) }
    }

    private func skipping(from start: Int, _ isSeparator: (TextAtoms.Atom) -> Bool) -> Int? {
        var index = start
        while index < count, index < start + 2, isSeparator(self[index]) { index += 1 }
        return index < count ? index : nil
    }

    /// Up to `count` words starting at `start`, skipping blanks between them.
    func words(from start: Int, count wanted: Int) -> [String] {
        var result: [String] = []
        var index: Int? = start
        while let current = index, result.count < wanted, self[current].kind == .letters {
            result.append(self[current].text)
            index = self.index(afterSpaces: current + 1)
        }
        return result
    }
}
