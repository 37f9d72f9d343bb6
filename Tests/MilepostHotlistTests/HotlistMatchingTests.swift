import MilepostCore
import MilepostTesting
import Testing

@testable import MilepostHotlist

func entry(_ plate: String, state: String? = "MA", code: ListCode = .stolenVehicle, expires: Int64? = nil) -> HotlistEntry {
    HotlistEntry(plate: try! PlateText(normalizing: plate), state: state, code: code, reason: "r", entered: 0, expires: expires, source: "s")
}

func read(_ plate: String, state: String? = nil, confidence: Confidence = 900, at millis: Int64 = 1_795_000_000_000) -> PlateRead {
    .sample(try! PlateText(normalizing: plate), state: state, confidence: confidence, at: UTCTime(millisecondsSinceEpoch: millis))
}

@Suite struct HotlistMatchingTests {
    @Test func exactMatchesAlwaysAndOthersDoNot() {
        let list = ActiveHotlist(settings: ListSettings(name: "l", lookalikeSubstitutions: 0), version: 1, importedAt: 0, sourceFile: "f", entries: [entry("ABC1234"), entry("XYZ999")])
        let hits = HotlistMatcher(lists: [list]).match(read("ABC1234"), permitted: ["l"], at: 0)
        #expect(hits.map(\.entry.plate.description) == ["ABC1234"])
        #expect(hits.first?.kind == .exact)
        #expect(HotlistMatcher(lists: [list]).match(read("ABC1235"), permitted: ["l"], at: 0).isEmpty)
        #expect(HotlistMatcher(lists: [list]).match(read("A8C1234"), permitted: ["l"], at: 0).isEmpty, "looseness 0 means exact only")
    }

    @Test(arguments: [("0DQ", "Q0D"), ("Q0", "0D"), ("1IL", "T1I"), ("LT", "1L"), ("8B", "B8"), ("5S", "S5"), ("2Z", "Z2"), ("6G", "G6")])
    func everyLookalikePairMatchesWithinTheListsLooseness(entryPlate: String, readPlate: String) {
        let substitutions = zip(entryPlate, readPlate).filter { $0 != $1 }.count
        let loose = ActiveHotlist(settings: ListSettings(name: "l", lookalikeSubstitutions: substitutions), version: 1, importedAt: 0, sourceFile: "f", entries: [entry(entryPlate)])
        let tight = ActiveHotlist(settings: ListSettings(name: "l", lookalikeSubstitutions: substitutions - 1), version: 1, importedAt: 0, sourceFile: "f", entries: [entry(entryPlate)])
        #expect(HotlistMatcher(lists: [loose]).match(read(readPlate), permitted: ["l"], at: 0).first?.kind == .lookalike(substitutions: substitutions))
        #expect(HotlistMatcher(lists: [tight]).match(read(readPlate), permitted: ["l"], at: 0).isEmpty)
    }

    @Test func partialPlatesMatchOnlyOnSeriousLists() {
        let amber = ActiveHotlist(settings: ListSettings(name: "amber", priority: .high, lookalikeSubstitutions: 1, serious: true), version: 1, importedAt: 0, sourceFile: "f", entries: [entry("AB?12?4", code: .amberAlert), entry("KLM555", code: .amberAlert)])
        let routine = ActiveHotlist(settings: ListSettings(name: "routine"), version: 1, importedAt: 0, sourceFile: "f", entries: [entry("KLM555")])
        let matcher = HotlistMatcher(lists: [amber, routine])
        let all: Set<String> = ["amber", "routine"]

        #expect(matcher.match(read("ABX12Y4"), permitted: all, at: 0).map(\.kind) == [.partial(unknownCharacters: 2, substitutions: 0)])
        #expect(matcher.match(read("A8X12Y4"), permitted: all, at: 0).map(\.kind) == [.partial(unknownCharacters: 2, substitutions: 1)])
        #expect(matcher.match(read("ABX12Y5"), permitted: all, at: 0).isEmpty)
        // A read with one unreadable character finds the serious list's entry only.
        #expect(matcher.match(read("KL?555"), permitted: all, at: 0).map(\.list.name) == ["amber"])
        // A partial read combined with a partial entry: at most two unknown in all.
        #expect(matcher.match(read("AB?12Y4"), permitted: all, at: 0).count == 1)
        #expect(matcher.match(read("ABX?2Y4"), permitted: all, at: 0).isEmpty)
        #expect(matcher.match(read("K??555"), permitted: all, at: 0).isEmpty)
    }

    @Test func onlyPermittedListsAreConsulted() {
        let list = ActiveHotlist(settings: ListSettings(name: "gang"), version: 1, importedAt: 0, sourceFile: "f", entries: [entry("ABC1234", code: .gang)])
        #expect(HotlistMatcher(lists: [list]).match(read("ABC1234"), permitted: [], at: 0).isEmpty)
        #expect(HotlistMatcher(lists: [list]).match(read("ABC1234"), permitted: ["other"], at: 0).isEmpty)
        #expect(HotlistMatcher(lists: [list]).match(read("ABC1234"), permitted: ["gang"], at: 0).count == 1)
    }

    @Test func expiredEntriesAreNotMatched() {
        let list = ActiveHotlist(settings: ListSettings(name: "l"), version: 1, importedAt: 0, sourceFile: "f", entries: [entry("ABC1234", expires: 1000)])
        #expect(HotlistMatcher(lists: [list]).match(read("ABC1234"), permitted: ["l"], at: 999).count == 1)
        #expect(HotlistMatcher(lists: [list]).match(read("ABC1234"), permitted: ["l"], at: 1000).isEmpty)
    }

    @Test func rankingPutsPriorityFirstThenDiscountedConfidence() {
        let routine = ActiveHotlist(settings: ListSettings(name: "routine", priority: .routine), version: 1, importedAt: 0, sourceFile: "f", entries: [entry("ABC1234", state: "MA")])
        let high = ActiveHotlist(settings: ListSettings(name: "wanted", priority: .high, lookalikeSubstitutions: 2), version: 1, importedAt: 0, sourceFile: "f", entries: [entry("A8C1234", state: "NH"), entry("ABC1234", state: "MA")])
        let hits = HotlistMatcher(lists: [routine, high]).match(read("ABC1234", state: "MA", confidence: 800), permitted: ["routine", "wanted"], at: 0)
        #expect(hits.map { "\($0.list.name) \($0.entry.plate)" } == ["wanted ABC1234", "wanted A8C1234", "routine ABC1234"])
        #expect(hits[0].score == 0.8)
        #expect(abs(hits[1].score - 0.8 * 0.85 * 0.8) < 1e-12, "one substitution and a state that disagrees")
        #expect(hits[1].stateAgrees == false)
    }

    @Test func bucketsWithManyLookalikesAreAllChecked() {
        let plates = ["0D0", "D00", "00Q", "D0Q", "000"]
        let list = ActiveHotlist(settings: ListSettings(name: "l", lookalikeSubstitutions: 3), version: 1, importedAt: 0, sourceFile: "f", entries: plates.map { entry($0) })
        let hits = HotlistMatcher(lists: [list]).match(read("000"), permitted: ["l"], at: 0)
        #expect(Set(hits.map(\.entry.plate.description)) == Set(plates))
    }
}
