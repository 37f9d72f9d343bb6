import Foundation
import XCTest
@testable import MilepostHardware

final class BoardLoaderTests: XCTestCase {
    func testShippedBoardsLoad() throws {
        let loader = BoardLoader(directory: repositoryBoardDirectory)
        XCTAssertEqual(loader.availableBoards(), ["jetson-orin-nano", "rpi4", "rpi5", "sim"])
        for name in loader.availableBoards() {
            let board = try loader.load(name)
            XCTAssertEqual(board.name, name)
            XCTAssertFalse(board.description.isEmpty, name)
        }
        let rpi5 = try loader.load("rpi5")
        XCTAssertEqual(rpi5.gpio.ir.map(\.line), [27, 24])
        XCTAssertEqual(rpi5.gpio.presence, LineSpec(chip: "pinctrl-rp1", line: 22, activeLow: true, bias: .pullUp))
        XCTAssertEqual(rpi5.camera.format, .yuyv)
        let sim = try loader.load("sim")
        XCTAssertEqual(sim.gpio.simulatedChip?.label, "milepost-sim")
        XCTAssertEqual(sim.camera.source, .replay)
        XCTAssertEqual(sim.camera.folder, "sim-scenes")
        XCTAssertEqual(sim.gpio.simulatedChip?.lines, 8)
        XCTAssertEqual(sim.gpio.simulatedChip?.presencePeriodMs, 1500)
    }

    func testUnknownBoardListsTheBoardsThatExist() {
        XCTAssertThrowsError(try BoardLoader(directory: repositoryBoardDirectory).load("rpi3")) { error in
            guard case let BoardError.unknownBoard(name, _, available) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "rpi3")
            XCTAssertEqual(available, ["jetson-orin-nano", "rpi4", "rpi5", "sim"])
        }
    }

    func testValidFixtureParses() throws {
        let board = try BoardLoader.parse(Data(validBoardJSON.utf8), file: "test.json")
        XCTAssertEqual(board.sequencer, SequencerTimings(irLeadUs: 500, triggerWidthUs: 100, exposureUs: 2000))
        XCTAssertEqual(board.irProtection.budget, .milliseconds(100))
        XCTAssertNil(board.gpio.tamper)
    }

    private func assertInvalid(_ from: String, _ to: String, field: String, reasonContains: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        let text = validBoardJSON.replacingOccurrences(of: from, with: to)
        XCTAssertNotEqual(text, validBoardJSON, "fixture edit did not apply", file: file, line: line)
        XCTAssertThrowsError(try BoardLoader.parse(Data(text.utf8), file: "bad.json"), file: file, line: line) { error in
            guard case let BoardError.invalidField(fileName, actualField, reason) = error else {
                return XCTFail("unexpected \(error)", file: file, line: line)
            }
            XCTAssertEqual(fileName, "bad.json", file: file, line: line)
            XCTAssertEqual(actualField, field, file: file, line: line)
            XCTAssertTrue(reason.contains(reasonContains), "reason was: \(reason)", file: file, line: line)
        }
    }

    func testFieldErrorsNameTheField() {
        assertInvalid(#""line": 0 }"#, #""line": "zero" }"#, field: "gpio.trigger.line", reasonContains: "expected a whole number, found a string")
        assertInvalid(#""bias": "pull-up""#, #""bias": "pullup""#, field: "gpio.presence.bias", reasonContains: "'pull-up'")
        assertInvalid(#""activeLow": true"#, #""activelow": true"#, field: "gpio.presence.activelow", reasonContains: #"not a known field here (did you mean "activeLow"?)"#)
        assertInvalid(#""format": "GREY""#, #""format": "RGB3""#, field: "camera.format", reasonContains: "'GREY', 'YUYV', 'MJPG'")
        assertInvalid(#""device": "/dev/video0", "#, "", field: "camera.device", reasonContains: "needed when source is 'v4l2'")
        assertInvalid(#""exposureUs": 2000"#, #""exposureUs": 2000.5"#, field: "sequencer.exposureUs", reasonContains: "fraction")
    }

    func testMissingSectionIsNamed() {
        assertInvalid(#""sequencer": { "irLeadUs": 500, "triggerWidthUs": 100, "exposureUs": 2000 },"#, "",
                      field: "sequencer", reasonContains: "is missing")
    }

    func testALineUsedTwiceIsRefused() {
        assertInvalid(#""line": 2, "activeLow""#, #""line": 1, "activeLow""#, field: "gpio.presence", reasonContains: "gpio.ir already uses")
    }

    func testCycleLongerThanTheDutyBudgetIsRefused() {
        assertInvalid(#""exposureUs": 2000"#, #""exposureUs": 100000"#, field: "sequencer", reasonContains: "more than the duty budget")
    }

    func testSimulatedChipMustCoverEveryLine() {
        let text = validBoardJSON.replacingOccurrences(of: #""gpio": {"#, with: #""gpio": { "simulatedChip": { "name": "sim0", "label": "s", "lines": 2 },"#)
        XCTAssertThrowsError(try BoardLoader.parse(Data(text.utf8), file: "sim.json")) { error in
            XCTAssertTrue("\(error)".contains("gpio.trigger.chip"), "\(error)")
            XCTAssertTrue("\(error)".contains("simulated 'sim0'"), "\(error)")
        }
    }

    func testMalformedJSONIsReportedWithTheFile() {
        XCTAssertThrowsError(try BoardLoader.parse(Data("{ \"name\": ".utf8), file: "broken.json")) { error in
            guard case let BoardError.malformedJSON(file, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "broken.json")
        }
    }

    func testFileNameMustMatchTheBoardName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("boards-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(validBoardJSON.utf8).write(to: dir.appendingPathComponent("other.json"))
        XCTAssertThrowsError(try BoardLoader(directory: dir.path).load("other")) { error in
            guard case let BoardError.invalidField(_, field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "name")
        }
    }
}
