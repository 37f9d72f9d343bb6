import Foundation
import XCTest
@testable import MilepostHardware

/// Every number of a board file has a range, and a number outside it is refused by name.
final class BoardLimitTests: XCTestCase {
    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try BoardLoader.parse(Data(text.utf8), file: "bad.json")
            XCTFail("the board file was accepted", file: file, line: line)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func simBoard(replacing from: String, with to: String) throws -> String {
        let text = try String(contentsOfFile: repositoryBoardDirectory + "/sim.json", encoding: .utf8)
        let edited = text.replacingOccurrences(of: from, with: to)
        XCTAssertNotEqual(edited, text, "fixture edit did not apply")
        return edited
    }

    func testAHundredMillionSimulatedLinesAreRefusedQuickly() throws {
        let text = try simBoard(replacing: #""lines": 8"#, with: #""lines": 1e8"#)
        let start = ContinuousClock.now
        XCTAssertEqual(refusal(text), "bad.json: gpio.simulatedChip.lines: 100000000 is out of range 1...512")
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(1))
    }

    func testAPresencePeriodOfZeroIsRefused() throws {
        let text = try simBoard(replacing: #""presencePeriodMs": 1500"#, with: #""presencePeriodMs": 0"#)
        XCTAssertEqual(refusal(text), "bad.json: gpio.simulatedChip.presencePeriodMs: 0 is out of range 100...3600000")
    }

    func testEveryOtherNumberIsRangeChecked() {
        let cases: [(from: String, to: String, message: String)] = [
            (#""line": 0 }"#, #""line": 5000 }"#, "gpio.trigger.line: 5000 is out of range 0...1023"),
            (#""line": 0 }"#, #""line": -3 }"#, "gpio.trigger.line: -3 is out of range 0...1023"),
            (#""maxDutyCycle": 0.1"#, #""maxDutyCycle": 0"#, "irProtection.maxDutyCycle: 0.0 is out of range 0.001...1.0"),
            (#""windowMs": 1000"#, #""windowMs": 0"#, "irProtection.windowMs: 0 is out of range 100...60000"),
            (#""maxDelayMs": 20"#, #""maxDelayMs": 86400000"#, "irProtection.maxDelayMs: 86400000 is out of range 0...1000"),
            (#""irLeadUs": 500"#, #""irLeadUs": -1"#, "sequencer.irLeadUs: -1 is out of range 0...100000"),
            (#""triggerWidthUs": 100"#, #""triggerWidthUs": 0"#, "sequencer.triggerWidthUs: 0 is out of range 1...100000"),
            (#""exposureUs": 2000"#, #""exposureUs": 0"#, "sequencer.exposureUs: 0 is out of range 1...100000"),
            (#""width": 640"#, #""width": 100000"#, "camera.width: 100000 is out of range 16...8192"),
            (#""height": 480"#, #""height": 0"#, "camera.height: 0 is out of range 16...8192"),
            (#""fps": 30"#, #""fps": 1000"#, "camera.fps: 1000 is out of range 1...240"),
            (#""fps": 30"#, #""fps": 30, "exposure": 0"#, "camera.exposure: 0 is out of range 1...10000"),
            (#""fps": 30"#, #""fps": 30, "gain": -1"#, "camera.gain: -1 is out of range 0...65535"),
        ]
        for (from, to, message) in cases {
            let text = validBoardJSON.replacingOccurrences(of: from, with: to)
            XCTAssertNotEqual(text, validBoardJSON, "fixture edit did not apply: \(from)")
            XCTAssertEqual(refusal(text), "bad.json: " + message)
        }
    }

    func testAMisspeltKeyIsRefusedWithTheKeyItMeant() {
        let text = validBoardJSON.replacingOccurrences(of: #""maxDelayMs""#, with: #""maxDelayMS""#)
        XCTAssertEqual(refusal(text), #"bad.json: irProtection.maxDelayMS: is not a known field here (did you mean "maxDelayMs"?)"#)
    }
}
