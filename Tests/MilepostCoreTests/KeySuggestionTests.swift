import XCTest
@testable import MilepostCore

final class KeySuggestionTests: XCTestCase {
    func testEditDistanceCountsSingleCharacterEdits() {
        XCTAssertEqual(KeySuggestion.editDistance("webhookReceiver", "webhookReceivers"), 1)
        XCTAssertEqual(KeySuggestion.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(KeySuggestion.editDistance("", "abc"), 3)
        XCTAssertEqual(KeySuggestion.editDistance("same", "same"), 0)
    }

    func testTheNearestKeyIsSuggestedIgnoringCase() {
        let known = ["retentionDays", "httpPort", "httpHost"]
        XCTAssertEqual(KeySuggestion.nearest(to: "retentionDay", in: known), "retentionDays")
        XCTAssertEqual(KeySuggestion.nearest(to: "HTTPPORT", in: known), "httpPort")
        XCTAssertEqual(KeySuggestion.hint(for: "httpport", known: known), #"did you mean "httpPort"?"#)
    }

    func testAKeyLikeNoKnownOneGetsTheKnownKeys() {
        XCTAssertNil(KeySuggestion.nearest(to: "colour", in: ["name", "url"]))
        XCTAssertEqual(KeySuggestion.hint(for: "colour", known: ["url", "name"]), "known keys: name, url")
    }
}
