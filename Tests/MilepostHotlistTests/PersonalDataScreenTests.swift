import Testing

@testable import MilepostHotlist

@Suite struct PersonalDataScreenTests {
    @Test(arguments: [
        ("seen 1/2/1980", PersonalDataShape.date),
        ("seen 01-02-80", .date),
        ("seen 1980-01-02", .date),
        ("seen 01.02.1980", .date),
        ("seen 02JAN1980", .date),
        ("seen 2 Jan 1980", .date),
        ("seen Jan 2 1980", .date),
        ("seen January 2, 1980", .date),
        ("seen Jan. 2, 1980", .date),
        ("lives 12 Main St", .streetAddress),
        ("lives 400 North 5th Ave.", .streetAddress),
        ("lives 7 Elm Road Worcester", .streetAddress),
        ("mail PO Box 12", .postOfficeBox),
        ("mail P.O. Box 12", .postOfficeBox),
        ("num 123-45-6789", .socialSecurityNumber),
        ("num 123 45 6789", .socialSecurityNumber),
        ("num 123456789", .socialSecurityNumber),
        ("call 555-123-4567", .phoneNumber),
        ("call 555.123.4567", .phoneNumber),
        ("dl S12345678", .licenceNumber),
        ("dl D1234567", .licenceNumber),
        ("ref 12345678", .longNumber(digits: 8)),
    ])
    func refusesEachShapeInARemarkAndSaysWhereItStarts(text: String, shape: PersonalDataShape) {
        let finding = PersonalDataScreen.remark.finding(in: text)
        #expect(finding?.shape == shape, "\(text)")
        let secondWord = text.distance(from: text.startIndex, to: text.firstIndex(of: " ")!) + 2
        #expect(finding?.position == secondWord, "\(text)")
    }

    @Test(arguments: [
        ("Owner Smith", "owner"), ("registered to Smith", "registered"), ("D.O.B. unknown", "dob"),
        ("born in Ohio", "born"), ("address on file", "address"), ("addr on file", "addr"),
        ("SSN on file", "ssn"), ("licence suspended", "licence"), ("license", "license"),
        ("Name: John Smith", "name:"), ("name : John Smith", "name:"), ("stolen NAM/SMITH JOHN", "NAM/"),
        ("ADR/12 MAIN", "ADR/"), ("SOC/123", "SOC/"), ("OLN/S1234", "oln"), ("DOB/19800102", "dob"),
    ])
    func refusesLabelsThatIntroducePersonalData(text: String, label: String) {
        #expect(PersonalDataScreen.remark.finding(in: text)?.shape == .label(label), "\(text)")
    }

    @Test(arguments: [
        "Stolen, red 2019 Honda Civic", "STOLEN 2019 HONDA CIVIC", "Wanted: armed robbery",
        "AMBER alert 26-114", "stolen 2026-11", "stolen Nov 2026", "stolen license plate", "licence plates swapped",
        "2 door sedan, dented rear", "last seen exit 12 Route 9", "unregistered moped", "ownership unknown",
        "named in warrant 26-0042", "VIN 1HGCM82633A004352", "Demonstration: stolen grey sedan", "DEMO stolen vehicle",
        "case 2026-00123", "plate ABC1234", "",
    ])
    func passesOrdinaryRemarks(text: String) {
        #expect(PersonalDataScreen.remark.finding(in: text) == nil, "\(text)")
    }

    @Test func digitRunsTooLongForAnIntegerAreStillJudged() {
        let run = String(repeating: "9", count: 30)
        #expect(PersonalDataScreen.remark.finding(in: "\(run)/1/1980")?.shape == .longNumber(digits: 30))
        #expect(PersonalDataScreen.identifier.finding(in: "1/\(run)/1980")?.shape == .longNumber(digits: 30))
    }

    @Test func refusesTheDocumentedSpellingsThatStartWithAMark() {
        #expect(PersonalDataScreen.remark.finding(in: "call (555) 123-4567") == PersonalDataFinding(shape: .phoneNumber, position: 7))
        #expect(PersonalDataScreen.remark.finding(in: "Post Office Box 12") == PersonalDataFinding(shape: .postOfficeBox, position: 1))
    }

    /// Entry text must be ASCII anyway; the screen still reads other scripts' digits as digits.
    @Test func readsDigitsFromOtherScripts() {
        #expect(PersonalDataScreen.remark.finding(in: "num \u{FF11}\u{FF12}\u{FF13}-45-6789")
            == PersonalDataFinding(shape: .socialSecurityNumber, position: 5))
        // Look-alike letters are not folded, which is why EntryTextRules requires ASCII.
        #expect(PersonalDataScreen.remark.finding(in: "\u{00D6}wner") == nil)
    }

    @Test func reportsTheEarliestShape() {
        let finding = PersonalDataScreen.remark.finding(in: "John Smith 12 Main St DOB 01/02/1980")
        #expect(finding == PersonalDataFinding(shape: .streetAddress, position: 12))
    }

    @Test(arguments: ["26-114", "2026-0042", "MA0140000", "CR/2026/117", "SIMPD0000", "A.2026.5"])
    func passesCaseNumbersAndAgencyIdentifiers(text: String) {
        #expect(PersonalDataScreen.identifier.finding(in: text) == nil, "\(text)")
    }

    @Test(arguments: [
        ("123-45-6789", PersonalDataShape.socialSecurityNumber), ("123456789", .socialSecurityNumber),
        ("1980-01-02", .date), ("02JAN1980", .date), ("S12345678", .longNumber(digits: 8)),
        ("2026000123", .longNumber(digits: 10)), ("DOB-1980", .label("dob")),
    ])
    func refusesPersonalDataShapedIdentifiers(text: String, shape: PersonalDataShape) {
        #expect(PersonalDataScreen.identifier.finding(in: text)?.shape == shape, "\(text)")
    }
}

@Suite struct EntryTextRulesTests {
    @Test func aRemarkIsShortPrintableASCII() {
        #expect(EntryTextRules.problem(inRemark: String(repeating: "x", count: 80)) == nil)
        #expect(EntryTextRules.problem(inRemark: String(repeating: "x", count: 81)) == .tooLong(count: 81, limit: 80))
        // Look-alike letters and digits from other scripts would slip past the screen.
        #expect(EntryTextRules.problem(inRemark: "\u{0414}OB 1980") == .notPrintableASCII)
        #expect(EntryTextRules.problem(inRemark: "ssn \u{FF11}23-45-6789") == .notPrintableASCII)
    }

    @Test func anIdentifierHasNoBlanksAndAtMostTwentyCharacters() {
        #expect(EntryTextRules.problem(inIdentifier: "") == nil)
        #expect(EntryTextRules.problem(inIdentifier: "SMITH JOHN") == .notIdentifier)
        #expect(EntryTextRules.problem(inIdentifier: "12 MAIN ST") == .notIdentifier)
        #expect(EntryTextRules.problem(inIdentifier: String(repeating: "A", count: 21)) == .tooLong(count: 21, limit: 20))
        #expect(EntryTextRules.problem(inIdentifier: "123-45-6789")?.isPersonalData == true)
    }
}
