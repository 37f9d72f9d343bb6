import XCTest
@testable import MilepostRecognition

final class StandardSerialFormatTests: XCTestCase {
    func testMatchesStatesStandardSerials() {
        // California, Missouri, New Jersey, New York passenger and taxi, Delaware.
        for text in ["7ABC123", "CJ1P5G", "A12BCD", "ABC1234", "T123456C", "4821"] {
            XCTAssertTrue(StandardSerialFormat.matches(text), text)
        }
    }

    func testZeroAlsoStandsForTheLetterO() {
        XCTAssertTrue(StandardSerialFormat.matches("5L0D951"), "California 5LOD951, written with zero")
        XCTAssertTrue(StandardSerialFormat.matches("0BC1234"), "O leading a New York serial")
    }

    func testLeavesOutVanityShapesAndLookalikeSwaps() {
        // CJIP5G is Missouri's CJ1P5G with the one read as I; the others are vanity shapes.
        for text in ["CJIP5G", "TARHEEL", "ILMABK", "SUV1", "AB", "12345678"] {
            XCTAssertFalse(StandardSerialFormat.matches(text), text)
        }
    }
}
