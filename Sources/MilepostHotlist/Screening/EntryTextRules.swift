/// What the text fields of a hotlist entry may hold, beyond its list code: a short remark, a
/// case or reference number, and the originating agency. Every entry passes these rules when
/// it is imported, when it is handed to the store, and again when a stored list is loaded;
/// `HitNotice` applies them once more to what it forwards, so text that did not pass never
/// reaches an officer or a webhook.
public enum EntryTextRules {
    /// Longest remark, in characters.
    public static let remarkLimit = 80
    /// Longest case number or agency identifier (an NCIC OCA is at most 20).
    public static let identifierLimit = 20
    /// What a notice shows in place of text that does not pass.
    public static let withheld = "[withheld: did not pass the personal-data screen]"

    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case tooLong(count: Int, limit: Int)
        case notPrintableASCII
        case notIdentifier
        case personalData(PersonalDataFinding)

        public var isPersonalData: Bool {
            if case .personalData = self { return true }
            return false
        }

        public var description: String {
            switch self {
            case .tooLong(let count, let limit): return "is \(count) characters long; at most \(limit) are allowed"
            case .notPrintableASCII: return "contains a character that is not printable ASCII"
            case .notIdentifier:
                return "is not a case or agency identifier: 1–\(EntryTextRules.identifierLimit) letters, digits, '-', '/' or '.', no blanks"
            case .personalData(let finding): return "contains \(finding); an entry may not carry registered-owner personal data"
            }
        }
    }

    /// A remark: printable ASCII, at most `remarkLimit` characters, passing the remark screen.
    public static func problem(inRemark text: String) -> Problem? {
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return .notPrintableASCII }
        if let finding = PersonalDataScreen.remark.finding(in: text) { return .personalData(finding) }
        if text.count > remarkLimit { return .tooLong(count: text.count, limit: remarkLimit) }
        return nil
    }

    /// A case number or agency identifier (empty when the entry has none): letters, digits,
    /// '-', '/' and '.', passing the identifier screen.
    public static func problem(inIdentifier text: String) -> Problem? {
        if text.isEmpty { return nil }
        let alphabet = text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".")
        }
        guard alphabet else { return .notIdentifier }
        if let finding = PersonalDataScreen.identifier.finding(in: text) { return .personalData(finding) }
        if text.count > identifierLimit { return .tooLong(count: text.count, limit: identifierLimit) }
        return nil
    }

    /// The first field of `entry` that breaks the rules, named as in the CSV header.
    static func firstProblem(in entry: HotlistEntry) -> (field: String, problem: Problem)? {
        if let problem = problem(inRemark: entry.reason) { return ("reason", problem) }
        if let problem = problem(inIdentifier: entry.caseNumber ?? "") { return ("case", problem) }
        if let problem = problem(inIdentifier: entry.source) { return ("source", problem) }
        return nil
    }

    static func forwardable(remark text: String) -> String {
        problem(inRemark: text) == nil ? text : withheld
    }

    static func forwardable(identifier text: String) -> String {
        problem(inIdentifier: text) == nil ? text : withheld
    }
}
