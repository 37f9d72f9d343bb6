import MilepostCore
import Testing

@testable import MilepostHotlist

@Suite struct CSVHotlistImportTests {
    let settings = ListSettings(name: "ncic", priority: .routine)

    @Test func readsEveryColumnOfAValidFile() throws {
        let csv = """
            plate,state,code,reason,entered,expiry,source
            ABC 1234,ma,V,"Stolen, red sedan",2026-11-28,2026-12-31,MA0140000
            XYZ-987,,P,Plate reported stolen,20261101,,MA0140000

            """
        let entries = try CSVHotlistParser.parse(csv, file: "list.csv", settings: settings)
        #expect(entries.count == 2)
        #expect(entries[0].plate.description == "ABC1234")
        #expect(entries[0].state == "MA")
        #expect(entries[0].code == .stolenVehicle)
        #expect(entries[0].reason == "Stolen, red sedan")
        #expect(entries[0].entered == UTCTime(calendarDate: "2026-11-28")?.secondsSinceEpoch)
        #expect(entries[0].expires == UTCTime(calendarDate: "2027-01-01")?.secondsSinceEpoch)
        #expect(entries[0].source == "MA0140000")
        #expect(entries[1].state == nil)
        #expect(entries[1].expires == nil)
    }

    @Test func errorsNameTheLineAndTheField() {
        let csv = """
            plate,state,code,reason,entered,expiry,source
            ABC1234,MA,V,ok,2026-11-28,,S
            ABC!234,MA,V,ok,2026-11-28,,S
            ABD1234,Mass,Q,ok,2026-13-01,,S
            """
        #expect {
            try CSVHotlistParser.parse(csv, file: "list.csv", settings: settings)
        } throws: { error in
            guard let error = error as? HotlistImportError else { return false }
            let located = error.issues.map { "\($0.line) \($0.field)" }
            return located == ["3 plate", "4 state", "4 code", "4 entered"] && error.file == "list.csv"
        }
    }

    @Test(arguments: ["owner_name", "Registered Owner", "address", "DOB", "Date of Birth", "driver_license_number", "OLN", "last name"])
    func refusesOwnerPersonalDataColumnsByName(column: String) {
        let csv = "plate,state,code,\"\(column)\"\nABC1234,MA,V,x\n"
        #expect {
            try CSVHotlistParser.parse(csv, file: "list.csv", settings: settings)
        } throws: { error in
            guard let issue = (error as? HotlistImportError)?.issues.first else { return false }
            return issue.kind == .personalData && issue.field == column && issue.line == 1
                && String(describing: error).contains("DPPA")
        }
    }

    @Test func refusesUnknownColumnsAndNcicPersonTagsInReasons() throws {
        #expect(throws: HotlistImportError.self) {
            try CSVHotlistParser.parse("plate,code,colour\nABC1234,V,red\n", file: "f", settings: settings)
        }
        #expect {
            try CSVHotlistParser.parse("plate,code,reason\nABC1234,V,stolen NAM/SMITH JOHN\n", file: "f", settings: settings)
        } throws: { error in
            (error as? HotlistImportError)?.issues == [
                HotlistImportIssue(
                    line: 2, field: "reason",
                    problem: "contains the personal-data label 'NAM/' at character 8; an entry may not carry registered-owner personal data",
                    kind: .personalData)
            ]
        }
    }

    @Test func partialPlatesOnlyOnSeriousLists() throws {
        let csv = "plate,code\nAB?12*4,A\n"
        #expect(throws: HotlistImportError.self) { try CSVHotlistParser.parse(csv, file: "f", settings: settings) }
        let amber = ListSettings(name: "amber", priority: .high, serious: true)
        let entries = try CSVHotlistParser.parse(csv, file: "f", settings: amber)
        #expect(entries[0].plate.unknownPositions == [2, 5])
        #expect(throws: HotlistImportError.self) {
            try CSVHotlistParser.parse("plate,code\nA???234,A\n", file: "f", settings: amber)
        }
    }

    @Test func quotedLineBreaksKeepLineNumbersRight() {
        let csv = "plate,code,reason\nABC1234,V,\"two\nlines\"\nBAD!,V,x\n"
        #expect {
            try CSVHotlistParser.parse(csv, file: "f", settings: settings)
        } throws: { error in
            (error as? HotlistImportError)?.issues.map(\.line) == [4]
        }
    }

    @Test func emptyFileAndMissingColumnsAreExplained() {
        #expect(throws: HotlistImportError.self) { try CSVHotlistParser.parse("", file: "f", settings: settings) }
        #expect {
            try CSVHotlistParser.parse("state,reason\nMA,x\n", file: "f", settings: settings)
        } throws: { error in
            (error as? HotlistImportError)?.issues.map(\.field) == ["plate", "code"]
        }
    }
}

@Suite struct FixedWidthHotlistImportTests {
    let settings = ListSettings(name: "ncic")

    static func record(_ code: String, _ plate: String, _ state: String, _ entered: String, _ expiry: String, _ ori: String, _ reason: String) -> String {
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        return pad(code, 1) + pad(plate, 10) + pad(state, 2) + pad(entered, 8) + pad(expiry, 8) + pad(ori, 9) + reason
    }

    @Test func readsTheDocumentedLayout() throws {
        let text = """
            # extract 2026-11-29
            \(Self.record("V", "ABC1234", "MA", "20261128", "20261231", "MA0140000", "STOLEN 2019 HONDA CIVIC"))
            \(Self.record("W", "8XK221", "NH", "20261020", "", "NH0010000", ""))

            """
        let entries = try FixedWidthHotlistParser.parse(text, file: "x.txt", settings: settings)
        #expect(entries.count == 2)
        #expect(entries[0].plate.description == "ABC1234")
        #expect(entries[0].state == "MA")
        #expect(entries[0].code == .stolenVehicle)
        #expect(entries[0].source == "MA0140000")
        #expect(entries[0].reason == "STOLEN 2019 HONDA CIVIC")
        #expect(entries[1].expires == nil)
        #expect(entries[1].code == .wantedFelony)
    }

    @Test func refusesDataPastTheLastColumnAsPossibleOwnerData() {
        let reason = String(repeating: "R", count: 60)
        let caseNumber = String(repeating: " ", count: 20)
        let text = Self.record("V", "ABC1234", "MA", "20261128", "", "MA0140000", reason + caseNumber) + "SMITH JOHN 12 MAIN ST"
        #expect {
            try FixedWidthHotlistParser.parse(text, file: "x.txt", settings: settings)
        } throws: { error in
            guard let issue = (error as? HotlistImportError)?.issues.first else { return false }
            return issue.kind == .personalData && issue.field == "columns 119–139" && issue.line == 1
        }
    }

    @Test func namesTheFieldWithItsColumns() {
        let text = Self.record("V", "ABC1234", "MA", "2026112X", "", "MA0140000", "x")
        #expect {
            try FixedWidthHotlistParser.parse(text, file: "x.txt", settings: settings)
        } throws: { error in
            (error as? HotlistImportError)?.issues.map(\.field) == ["DTE (columns 14–21)"]
        }
        #expect {
            try FixedWidthHotlistParser.parse("VABC", file: "x.txt", settings: settings)
        } throws: { error in
            (error as? HotlistImportError)?.issues.map(\.field) == ["(record)"]
        }
    }
}
