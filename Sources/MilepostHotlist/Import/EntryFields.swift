import MilepostCore

/// The fields of one hotlist record, whatever file format they came from, and their
/// validation into a `HotlistEntry`. Field labels name the column as the file spells it.
struct EntryFields {
    struct Field {
        let label: String
        let value: String
    }

    var line: Int
    var plate: Field
    var state: Field?
    var code: Field
    var reason: Field?
    var caseNumber: Field?
    var entered: Field?
    var expiry: Field?
    var source: Field?

    func validate(settings: ListSettings, issues: inout IssueCollector) -> HotlistEntry? {
        let before = issues.issues.count
        func problem(_ field: Field, _ text: String, _ kind: HotlistImportIssue.Kind = .invalid) {
            issues.add(HotlistImportIssue(line: line, field: field.label, problem: text, kind: kind))
        }

        var plateText: PlateText?
        do {
            // Import files may write an unknown character as `*` as well as `?`.
            plateText = try PlateText(normalizing: String(plate.value.map { $0 == "*" ? "?" : $0 }))
            if let plateText, plateText.isPartial {
                if !settings.serious {
                    problem(plate, "partial plate '\(plate.value)' is accepted only on lists marked serious")
                } else if plateText.unknownPositions.count > HotlistIndex.maximumUnknownCharacters {
                    problem(plate, "partial plate '\(plate.value)' has more than \(HotlistIndex.maximumUnknownCharacters) unknown characters")
                }
            }
        } catch {
            problem(plate, error.description)
        }

        var stateCode: String?
        if let state {
            let trimmed = state.value.trimmingSpaces.uppercased()
            if trimmed.isEmpty {
                stateCode = nil
            } else if trimmed.count == 2, trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) {
                stateCode = trimmed
            } else {
                problem(state, "'\(state.value)' is not a two-letter state or province code")
            }
        }

        let listCode = ListCode(rawValue: code.value.trimmingSpaces.uppercased())
        if listCode == nil {
            problem(code, "'\(code.value)' is not a list code; accepted: \(ListCode.accepted)")
        }

        func check(_ field: Field?, _ rule: (String) -> EntryTextRules.Problem?) -> String {
            guard let field else { return "" }
            let text = field.value.trimmingSpaces.replacingControlCharacters
            if let rule = rule(text) { problem(field, rule.description, rule.isPersonalData ? .personalData : .invalid) }
            return text
        }
        let reasonText = check(reason, EntryTextRules.problem(inRemark:))
        let caseText = check(caseNumber, EntryTextRules.problem(inIdentifier:))
        let sourceText = check(source, EntryTextRules.problem(inIdentifier:))

        var enteredTime: Int64 = 0
        if let entered {
            if let time = UTCTime(calendarDate: entered.value.trimmingSpaces)?.secondsSinceEpoch {
                enteredTime = time
            } else {
                problem(entered, "'\(entered.value)' is not a date (YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY)")
            }
        }

        var expiresTime: Int64?
        if let expiry, !expiry.value.trimmingSpaces.isEmpty {
            if let day = UTCTime(calendarDate: expiry.value.trimmingSpaces)?.secondsSinceEpoch {
                expiresTime = day + 86_400
                if expiresTime! <= enteredTime { problem(expiry, "expiry \(expiry.value) is not after the entered date") }
            } else {
                problem(expiry, "'\(expiry.value)' is not a date (YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY)")
            }
        }

        guard issues.issues.count == before, !issues.truncated, let plateText, let listCode else { return nil }
        return HotlistEntry(
            plate: plateText, state: stateCode, code: listCode,
            reason: reasonText, entered: enteredTime, expires: expiresTime,
            source: sourceText, caseNumber: caseText.isEmpty ? nil : caseText)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" }
        var text = String(String.UnicodeScalarView(scalars))
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }

    /// Tabs and line breaks (a quoted CSV field may hold them) become spaces.
    var replacingControlCharacters: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
    }
}
