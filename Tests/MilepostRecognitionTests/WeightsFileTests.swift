import XCTest
@testable import MilepostRecognition

final class WeightsFileTests: XCTestCase {
    func testLoadsAValidFile() throws {
        let model = try WeightsFile.load(TestModelFile().bytes())
        XCTAssertEqual(model.detector.layers.count, 1)
        XCTAssertEqual(model.detectorHead.stride, 8)
        XCTAssertEqual(model.detectorHead.downscale, 2)
        XCTAssertEqual(model.detectorHead.threshold, -10)
        XCTAssertEqual(model.readerHead.classes, 36)
        XCTAssertEqual(model.readerHead.blank, 35)
        XCTAssertEqual(model.readerHead.alphabet.count, 35)
        XCTAssertEqual(model.readerSteps, 8)
    }

    func testCRC32MatchesTheStandardCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)[...]), 0xCBF4_3926)
    }

    func testRefusesWrongMagic() {
        var bytes = TestModelFile().bytes()
        bytes[0] = UInt8(ascii: "X")
        XCTAssertThrowsError(try WeightsFile.load(bytes)) { XCTAssertEqual($0 as? WeightsFileError, .badMagic) }
    }

    func testRefusesOtherVersions() {
        var file = TestModelFile()
        file.version = 3
        XCTAssertThrowsError(try WeightsFile.load(file.bytes())) { error in
            XCTAssertEqual(error as? WeightsFileError, .unsupportedVersion(3))
            XCTAssertTrue("\(error)".contains("1...2"), "\(error)")
        }
    }

    func testReadsTheReadersContrastStretchAndVersionOneAsNone() throws {
        var file = TestModelFile()
        file.contrastClipPercent = 5
        XCTAssertEqual(try WeightsFile.load(file.bytes()).readerHead.contrastClipPercent, 5)
        file.version = 1
        XCTAssertEqual(try WeightsFile.load(file.bytes()).readerHead.contrastClipPercent, 0)
    }

    func testRefusesAContrastStretchClippingHalfTheCrop() {
        var file = TestModelFile()
        file.contrastClipPercent = 50
        XCTAssertThrowsError(try WeightsFile.load(file.bytes())) { error in
            guard case .invalidField(_, let field, let reason) = error as? WeightsFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "contrast stretch clip percent")
            XCTAssertTrue(reason.contains("50"), reason)
        }
    }

    func testRefusesAFlippedBit() {
        var bytes = TestModelFile().bytes()
        bytes[40] ^= 0x10
        XCTAssertThrowsError(try WeightsFile.load(bytes)) { error in
            guard case .checksumMismatch = error as? WeightsFileError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("corrupt"))
        }
    }

    func testRefusesTruncatedFiles() {
        let bytes = TestModelFile().bytes()
        XCTAssertThrowsError(try WeightsFile.load(Array(bytes.prefix(10)))) { XCTAssertEqual($0 as? WeightsFileError, .tooShort(size: 10)) }
        XCTAssertThrowsError(try WeightsFile.load(Array(bytes.dropLast(7)))) { error in
            guard case .lengthMismatch = error as? WeightsFileError else { return XCTFail("\(error)") }
        }
    }

    func testRefusesATruncatedPayloadEvenWithAValidChecksum() {
        // Declared length and CRC agree, but the reader's table is cut short.
        let bytes = TestModelFile().bytes()
        var body = Array(bytes.dropLast(4 + 100))
        let length = UInt32(body.count - 12)
        for i in 0..<4 { body[8 + i] = UInt8(length >> (8 * UInt32(i)) & 0xFF) }
        XCTAssertThrowsError(try WeightsFile.load(resealed(body + [0, 0, 0, 0]))) { error in
            guard case .truncated(_, let field) = error as? WeightsFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "softmax table")
        }
    }

    func testRefusesAReaderWhoseOutputDoesNotMatchItsAlphabet() {
        var file = TestModelFile()
        file.readerClasses = 30
        XCTAssertThrowsError(try WeightsFile.load(file.bytes())) { error in
            guard case .shapeMismatch(let network, _, _) = error as? WeightsFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(network, "reader")
        }
    }

    func testRefusesADetectorWithTheWrongHead() {
        var file = TestModelFile()
        file.detectorOutputChannels = 2
        XCTAssertThrowsError(try WeightsFile.load(file.bytes())) { error in
            XCTAssertEqual(error as? WeightsFileError, .shapeMismatch(network: "detector", layer: 0, reason: "outputs 2 channels, expected 3"))
        }
    }
}
