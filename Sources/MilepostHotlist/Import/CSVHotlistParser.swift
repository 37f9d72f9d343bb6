/// Reads a hotlist in CSV form. The first record names the columns (any order, any case):
///
///     plate,state,code,reason,case,entered,expiry,source
///
/// Columns carrying registered-owner data are refused by name; unknown columns are refused
/// too, since an unrecognised column could be personal data under another name.
/// The full format is in docs/HOTLIST-FORMATS.md.
public enum CSVHotlistParser {
    enum Column: CaseIterable {
        case plate, state, code, reason, caseNumber, entered, expiry, source

        var aliases: [String] {
            switch self {
            case .plate: return ["plate", "platenumber", "lic", "licenseplate", "licenceplate", "tag"]
            case .state: return ["state", "platestate", "lis", "jurisdiction"]
            case .code: return ["code", "listcode", "ncic", "ncictype", "type"]
            case .reason: return ["reason", "description", "mis", "remark", "remarks"]
            case .caseNumber: return ["case", "casenumber", "caseno", "oca", "reference", "referencenumber", "ref"]
            case .entered: return ["entered", "entereddate", "dateentered", "entry", "entrydate"]
            case .expiry: return ["expiry", "expires", "expiration", "expirationdate", "expirydate", "exp"]
            case .source: return ["source", "ori", "agency", "sourceagency"]
            }
        }

        var isRequired: Bool { self == .plate || self == .code }
    }

    public static func parse(_ text: String, file: String, settings: ListSettings) throws(HotlistImportError) -> [HotlistEntry] {
        let records: [CSVRecords.Record]
        do {
            records = try CSVRecords.split(text)
        } catch {
            let issue: HotlistImportIssue
            switch error {
            case .unterminatedQuote(let line): issue = .init(line: line, field: "(record)", problem: "a quoted field is never closed")
            case .textAfterClosingQuote(let line): issue = .init(line: line, field: "(record)", problem: "text follows a closing quote")
            }
            throw HotlistImportError(file: file, issues: [issue], truncated: false)
        }
        guard let header = records.first else {
            throw HotlistImportError(file: file, issues: [.init(line: 1, field: "(header)", problem: "the file is empty; a header line naming the columns is required")], truncated: false)
        }

        var issues = IssueCollector()
        var positions: [Column: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let label = name.trimmingSpaces
            let key = ColumnName.key(label)
            if let column = Column.allCases.first(where: { $0.aliases.contains(key) }) {
                if positions[column] != nil {
                    issues.add(.init(line: header.line, field: label, problem: "column appears twice"))
                }
                positions[column] = index
            } else if let kind = PersonalDataGuard.personalDataKind(ofColumn: label) {
                issues.add(.init(line: header.line, field: label, problem: "column carries \(kind) data; remove it from the extract", kind: .personalData))
            } else {
                issues.add(.init(line: header.line, field: label.isEmpty ? "(column \(index + 1))" : label,
                                 problem: "unknown column; expected plate, state, code, reason, case, entered, expiry, source"))
            }
        }
        for column in Column.allCases where column.isRequired && positions[column] == nil {
            issues.add(.init(line: header.line, field: column.aliases[0], problem: "required column is missing"))
        }
        try issues.check(file: file)

        var entries: [HotlistEntry] = []
        entries.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                issues.add(.init(line: record.line, field: "(record)", problem: "has \(record.fields.count) fields; the header has \(header.fields.count)"))
                continue
            }
            func field(_ column: Column) -> EntryFields.Field? {
                positions[column].map { EntryFields.Field(label: header.fields[$0].trimmingSpaces, value: record.fields[$0]) }
            }
            let fields = EntryFields(
                line: record.line, plate: field(.plate)!, state: field(.state), code: field(.code)!,
                reason: field(.reason), caseNumber: field(.caseNumber), entered: field(.entered), expiry: field(.expiry), source: field(.source))
            if let entry = fields.validate(settings: settings, issues: &issues) { entries.append(entry) }
        }
        try issues.check(file: file)
        return entries
    }
}
