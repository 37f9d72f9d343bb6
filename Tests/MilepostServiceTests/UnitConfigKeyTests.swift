import Foundation
import Testing
@testable import MilepostService

/// A key unit.json does not have is refused, at any level, with the nearest known key.
@Suite struct UnitConfigKeyTests {
    /// The message `load` refuses `url` with.
    static func refusal(_ url: URL) -> String? {
        let error = #expect(throws: UnitConfigError.self) { try UnitConfig.load(from: url) }
        return error.map { "\($0)" }
    }

    @Test func aMisspeltOptionalKeyIsRefusedWithTheKeyItMeant() throws {
        let url = try UnitConfigTests.writeValid(adding: #""webhookReceiver":[]"#)
        #expect(Self.refusal(url) == "\(url.path): unknown key \"webhookReceiver\" (did you mean \"webhookReceivers\"?)")
    }

    @Test func aMisspeltRequiredKeyIsNamedBeforeTheMissingOne() throws {
        let url = try UnitConfigTests.write(UnitConfigTests.valid.replacingOccurrences(of: "\"retentionDays\"", with: "\"retentionDay\""))
        #expect(Self.refusal(url) == "\(url.path): unknown key \"retentionDay\" (did you mean \"retentionDays\"?)")
    }

    @Test func aMisspeltKeyInsideAWebhookReceiverIsRefused() throws {
        let url = try UnitConfigTests.writeValid(adding: #"""
            "webhookReceivers":[{"name":"cad","url":"https://cad.example.gov/hook","secretFile":"/s","maximumAgeMinute":10}]
            """#)
        #expect(Self.refusal(url)
            == "\(url.path): unknown key \"webhookReceivers[0].maximumAgeMinute\" (did you mean \"maximumAgeMinutes\"?)")
    }

    @Test func aKeyLikeNoKnownOneListsTheKnownKeys() throws {
        let url = try UnitConfigTests.writeValid(adding: #""webhookReceivers":[{"name":"cad","url":"https://x","secretFile":"/s","colour":1}]"#)
        #expect(Self.refusal(url) == "\(url.path): unknown key \"webhookReceivers[0].colour\" "
            + "(known keys: loopbackTestReceiver, maximumAgeMinutes, name, secret, secretFile, url)")
    }

    @Test func theRetiredSimulatedPresenceIntervalSaysWhatReplacedIt() throws {
        let url = try UnitConfigTests.writeValid(adding: #""simulatedPresenceIntervalSeconds":2"#)
        let message = try #require(Self.refusal(url))
        #expect(message.hasPrefix("\(url.path): unknown key \"simulatedPresenceIntervalSeconds\" (no longer read"))
        #expect(message.contains("gpio.simulatedChip.presencePeriodMs"))
    }
}
