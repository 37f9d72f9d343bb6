import Foundation
import MilepostCore
import Testing

@Suite struct DeviceIdentifierTests {
    @Test(arguments: ["unit-7", "U7", "lpd.north_cam-2", String(repeating: "a", count: 64)])
    func idsThatKeepTheRuleAreAccepted(_ text: String) throws {
        #expect(try UnitID(text).rawValue == text)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("unit 7", "has ' '"),
        ("-unit", "must start with a letter or digit"),
        ("unité", "has 'é'"),
        ("unit/7", "has '/'"),
        (String(repeating: "a", count: 65), "is 65 characters, at most 64"),
    ])
    func idsThatBreakTheRuleAreRefusedNamingTextAndFault(_ text: String, _ fault: String) {
        #expect { _ = try CameraID(text) } throws: { error in
            "\(error)".hasPrefix("camera id '\(text)' \(fault)")
        }
    }

    @Test func anIdIsWrittenAsAPlainStringAndCheckedWhenRead() throws {
        let encoded = try JSONEncoder().encode(["unit": UnitID("unit-7")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"unit":"unit-7"}"#)
        #expect(try JSONDecoder().decode([String: UnitID].self, from: encoded) == ["unit": "unit-7"])
        #expect { _ = try JSONDecoder().decode([String: UnitID].self, from: Data(#"{"unit":"unit 7"}"#.utf8)) } throws: { error in
            "\(error)".contains("unit id 'unit 7' has ' '")
        }
    }
}
