import MilepostCore
import MilepostImaging
import Testing
@testable import MilepostService

@Suite struct PlateObservationReadTests {
    let frame = CapturedFrame(image: LumaImage(width: 1, height: 1, pixels: [0]), capturedAtMilliseconds: 1_795_000_000_123)

    func observation(_ text: String, confidence: Int = 875, alternatives: [PlateObservation.Alternative] = []) -> PlateObservation {
        PlateObservation(text: text, confidence: confidence, alternatives: alternatives,
                         box: PlateBox(x: 1, y: 2, width: 3, height: 4), cropJPEG: [0xFF, 0xD8, 1])
    }

    @Test func theReadCarriesTheFramesTimeTheOriginAndTheAuthorization() throws {
        let read = try observation("abc-1234", alternatives: [.init(text: "A8C1234", confidence: 250)])
            .plateRead(capturedAt: frame, origin: .testUnit, authorizationID: "TA-9")
        #expect(read.plate == "ABC1234")
        #expect(read.confidence == 875)
        #expect(read.alternatives == [AlternativeReading(plate: "A8C1234", confidence: 250)])
        #expect(read.captureTime.millisecondsSinceEpoch == 1_795_000_000_123)
        #expect(read.unitID == "unit-7" && read.cameraID == "cam0")
        #expect(read.authorizationID == "TA-9")
        #expect(read.box == PlateBox(x: 1, y: 2, width: 3, height: 4))
        #expect(read.crop == [0xFF, 0xD8, 1])
        #expect(read.state == nil, "this reader does not read states")
    }

    @Test func aReadKeepsTheBestEightAlternatives() throws {
        let alternatives = (1...9).map { PlateObservation.Alternative(text: "ABC12\($0)", confidence: 100 - $0) }
        let read = try observation("ABC123", alternatives: alternatives).plateRead(capturedAt: frame, origin: .testUnit, authorizationID: "TA-9")
        #expect(read.alternatives.map(\.plate.description) == (1...8).map { "ABC12\($0)" })
    }

    @Test func textThatIsNotAPlateIsRefusedNamingIt() {
        #expect { _ = try observation("--").plateRead(capturedAt: frame, origin: .testUnit, authorizationID: "TA-9") } throws: {
            "\($0)".contains("'--'")
        }
    }

    @Test func aConfidenceOutsidePerMilleIsRefusedNamingIt() {
        #expect { _ = try observation("ABC123", confidence: 1200).plateRead(capturedAt: frame, origin: .testUnit, authorizationID: "TA-9") } throws: {
            "\($0)".contains("1200")
        }
    }
}
