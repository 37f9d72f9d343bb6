/// Reads an NCIC-style fixed-width extract. Columns are 1-based and inclusive:
///
///     1       code     list code (V, P, W, A, M, H...)
///     2–11    LIC      plate, left-justified, blank-padded
///     12–13   LIS      state
///     14–21   DTE      entered date, YYYYMMDD
///     22–29   EXP      expiry date, YYYYMMDD, or blanks for none
///     30–38   ORI      originating agency identifier (the source)
///     39–98   MIS      reason text (a remark)
///     99–118  OCA      case or reference number, or blanks for none
///
/// Lines starting with `#` and blank lines are skipped. A record may end early (trailing
/// blanks trimmed) but nothing may follow column 118: extracts that append owner data
/// there are refused under the DPPA. docs/HOTLIST-FORMATS.md has the same table.
public enum FixedWidthHotlistParser {
    struct FieldLayout {
        let label: String
        let columns: ClosedRange<Int>
        var name: String { "\(label) (columns \(columns.lowerBound)–\(columns.upperBound))" }
    }

    static let code = FieldLayout(label: "code", columns: 1...1)
    static let plate = FieldLayout(label: "LIC", columns: 2...11)
    static let state = FieldLayout(label: "LIS", columns: 12...13)
    static let entered = FieldLayout(label: "DTE", columns: 14...21)
    static let expiry = FieldLayout(label: "EXP", columns: 22...29)
    static let source = FieldLayout(label: "ORI", columns: 30...38)
    static let reason = FieldLayout(label: "MIS", columns: 39...98)
    static let caseNumber = FieldLayout(label: "OCA", columns: 99...118)
    static let recordLength = 118
    static let minimumLength = 29

    public static func parse(_ text: String, file: String, settings: ListSettings) throws(HotlistImportError) -> [HotlistEntry] {
        var issues = IssueCollector()
        var entries: [HotlistEntry] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Array(rawLine.utf8)
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            while line.last == UInt8(ascii: " ") { line.removeLast() }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                issues.add(.init(line: lineNumber, field: "(record)", problem: "contains a byte that is not printable ASCII; fixed-width extracts are ASCII"))
                continue
            }
            if line.count > recordLength {
                issues.add(.init(
                    line: lineNumber, field: "columns \(recordLength + 1)–\(line.count)",
                    problem: "data after column \(recordLength) is outside the documented layout and may carry registered-owner personal data",
                    kind: .personalData))
                continue
            }
            if line.count < minimumLength {
                issues.add(.init(line: lineNumber, field: "(record)", problem: "is \(line.count) characters long; a record needs at least \(minimumLength) (through EXP)"))
                continue
            }
            func field(_ layout: FieldLayout) -> EntryFields.Field {
                let start = layout.columns.lowerBound - 1
                let end = min(layout.columns.upperBound, line.count)
                let value = start < end ? String(decoding: line[start..<end], as: UTF8.self) : ""
                return EntryFields.Field(label: layout.name, value: value.trimmingSpaces)
            }
            let fields = EntryFields(
                line: lineNumber, plate: field(plate), state: field(state), code: field(code),
                reason: field(reason), caseNumber: field(caseNumber), entered: field(entered), expiry: field(expiry), source: field(source))
            if let entry = fields.validate(settings: settings, issues: &issues) { entries.append(entry) }
        }
        try issues.check(file: file)
        return entries
    }
}
