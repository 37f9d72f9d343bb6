import Foundation
import Testing
@testable import MilepostService

@Suite struct UnitConfigTests {
    static func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// `valid` with one more field, written to a file.
    static func writeValid(adding field: String) throws -> URL {
        try write(valid.replacingOccurrences(of: "}", with: ",\(field)}"))
    }

    static let valid = """
        {"unitID":"u1","cameraID":"c0","board":"sim","stateDirectory":"/tmp/x",
         "storeCapacityBytes":16777216,"retentionDays":30,"httpHost":"127.0.0.1","httpPort":8640,"plainHTTPOnLoopback":true,
         "minimumConfidence":500}
        """

    @Test func embeddedDefaultsLoad() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Config/unit.json").standardized
        let config = try UnitConfig.load(from: url)
        #expect(config.board == "sim")
        #expect(config.retentionDays <= UnitConfig.maximumRetentionDays)
    }


    @Test func missingFieldIsNamed() throws {
        let url = try Self.write(Self.valid.replacingOccurrences(of: "\"unitID\":\"u1\",", with: ""))
        #expect(throws: UnitConfigError.missingField(path: url.path, field: "unitID")) {
            try UnitConfig.load(from: url)
        }
    }

    @Test func wrongTypeNamesTheField() throws {
        let url = try Self.write(Self.valid.replacingOccurrences(of: "\"httpPort\":8640", with: "\"httpPort\":\"web\""))
        do {
            _ = try UnitConfig.load(from: url)
            Issue.record("a string port was accepted")
        } catch let error as UnitConfigError {
            guard case .invalidField(_, let field, _) = error else {
                Issue.record("expected invalidField, got \(error)")
                return
            }
            #expect(field == "httpPort")
        }
    }

    @Test func aUnitIdThatBreaksTheIdRuleNamesTheFieldAndTheRule() throws {
        let url = try Self.write(Self.valid.replacingOccurrences(of: "\"unitID\":\"u1\"", with: "\"unitID\":\"unit 7\""))
        do {
            _ = try UnitConfig.load(from: url)
            Issue.record("a unit id with a space was accepted")
        } catch let error as UnitConfigError {
            guard case .invalidField(_, let field, let reason) = error else {
                Issue.record("expected invalidField, got \(error)")
                return
            }
            #expect(field == "unitID")
            #expect(reason.contains("unit id 'unit 7' has ' '"), "\(reason)")
        }
    }

    @Test func missingFileIsUnreadable() {
        let url = URL(fileURLWithPath: "/nonexistent/milepost/unit.json")
        do {
            _ = try UnitConfig.load(from: url)
            Issue.record("a missing file loaded")
        } catch {
            #expect("\(error)".contains("/nonexistent/milepost/unit.json"))
        }
    }
}

@Suite struct PlateFormatWeightConfigTests {
    @Test func theWeightIsOptionalAndBounded() throws {
        let absent = try UnitConfig.load(from: try UnitConfigTests.write(UnitConfigTests.valid))
        #expect(absent.plateFormatWeight == nil)
        let off = try UnitConfig.load(from: try UnitConfigTests.writeValid(adding: #""plateFormatWeight":1"#))
        #expect(off.plateFormatWeight == 1)
        let url = try UnitConfigTests.writeValid(adding: #""plateFormatWeight":0"#)
        #expect(throws: UnitConfigError.outOfRange(path: url.path, field: "plateFormatWeight", value: "0", range: "1...100")) {
            try UnitConfig.load(from: url)
        }
    }
}

@Suite struct FullResolutionPassConfigTests {
    @Test func thePassIsOnUnlessTurnedOff() throws {
        let absent = try UnitConfig.load(from: try UnitConfigTests.write(UnitConfigTests.valid))
        #expect(absent.fullResolutionPass == nil)
        let off = try UnitConfig.load(from: try UnitConfigTests.writeValid(adding: #""fullResolutionPass":false"#))
        #expect(off.fullResolutionPass == false)
        let url = try UnitConfigTests.writeValid(adding: #""fullResolutionPass":"no""#)
        do {
            _ = try UnitConfig.load(from: url)
            Issue.record("a string loaded as the full-resolution switch")
        } catch let UnitConfigError.invalidField(_, field, _) {
            #expect(field == "fullResolutionPass")
        }
    }
}
