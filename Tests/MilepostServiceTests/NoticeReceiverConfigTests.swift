import Foundation
import MilepostHotlist
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct NoticeReceiverConfigTests {
    static func config(receivers: String) throws -> URL {
        try UnitConfigTests.writeValid(adding: "\"webhookReceivers\": \(receivers)")
    }

    @Test func noReceiversByDefault() throws {
        #expect(try UnitConfig.load(from: UnitConfigTests.write(UnitConfigTests.valid)).webhookReceivers == nil)
    }

    @Test func aReceiverIsReadWithItsSecretFromItsFile() throws {
        let files = FaultInjectingFileSystem()
        try files.replaceAtomically("/cad.secret", with: Array("0123456789abcdef-secret\n".utf8))
        let url = try Self.config(receivers: #"[{"name":"cad","url":"https://cad.example.gov/hook","secretFile":"/cad.secret","maximumAgeMinutes":10}]"#)
        let settings = try #require(try UnitConfig.load(from: url).webhookReceivers?.first)
        let receiver = try settings.load(fileSystem: files)
        #expect(receiver.name == "cad")
        #expect(receiver.url == "https://cad.example.gov/hook")
        #expect(receiver.secret == Array("0123456789abcdef-secret".utf8), "the trailing newline is not part of the secret")
        #expect(receiver.maximumAgeMillis == 600_000)
    }

    @Test func anInlineSecretIsRefused() throws {
        let url = try Self.config(receivers: #"[{"name":"cad","url":"https://cad.example.gov/hook","secretFile":"/s","secret":"hunter2hunter2hunter2"}]"#)
        do {
            _ = try UnitConfig.load(from: url)
            Issue.record("an inline secret was accepted")
        } catch let UnitConfigError.invalidField(_, field, reason) {
            #expect(field.hasPrefix("webhookReceivers") && field.hasSuffix("secret"))
            #expect(reason.contains("secretFile"))
        }
    }

    @Test func plainHTTPIsRefusedExceptToLoopbackForATestReceiver() throws {
        let plain = try Self.config(receivers: #"[{"name":"cad","url":"http://cad.example.gov/hook","secretFile":"/s"}]"#)
        #expect(throws: UnitConfigError.invalidField(
            path: plain.path, field: "webhookReceivers[0].url",
            reason: "'http://cad.example.gov/hook' must be https (plain http only to 127.0.0.1 with loopbackTestReceiver)")) {
            try UnitConfig.load(from: plain)
        }
        let loopback = try Self.config(receivers: #"[{"name":"t","url":"http://127.0.0.1:9/h","secretFile":"/s","loopbackTestReceiver":true}]"#)
        #expect(try UnitConfig.load(from: loopback).webhookReceivers?.count == 1)
    }

    @Test func duplicateNamesAndBadAgesNameTheEntry() throws {
        let duplicate = try Self.config(receivers: #"""
            [{"name":"cad","url":"https://a.example/h","secretFile":"/s"},{"name":"cad","url":"https://b.example/h","secretFile":"/s"}]
            """#)
        #expect(throws: UnitConfigError.invalidField(path: duplicate.path, field: "webhookReceivers[1].name",
                                                     reason: "'cad' is used by another receiver")) {
            try UnitConfig.load(from: duplicate)
        }
        let age = try Self.config(receivers: #"[{"name":"cad","url":"https://a.example/h","secretFile":"/s","maximumAgeMinutes":0}]"#)
        #expect(throws: UnitConfigError.invalidField(path: age.path, field: "webhookReceivers[0].maximumAgeMinutes",
                                                     reason: "is 0; must be 1 to 1440")) {
            try UnitConfig.load(from: age)
        }
    }

    @Test func aMissingOrShortSecretFileNamesTheReceiverAndTheFile() throws {
        let files = FaultInjectingFileSystem()
        let settings = WebhookReceiverSettings(name: "cad", url: "https://a.example/h", secretFile: "/missing.secret")
        #expect {
            try settings.load(fileSystem: files)
        } throws: { error in
            "\(error)".hasPrefix("webhook receiver 'cad': cannot read its secret file /missing.secret")
        }
        try files.replaceAtomically("/short.secret", with: Array("short".utf8))
        let short = WebhookReceiverSettings(name: "cad", url: "https://a.example/h", secretFile: "/short.secret")
        #expect {
            try short.load(fileSystem: files)
        } throws: { error in
            "\(error)".contains("at least 16 bytes") && "\(error)".contains("/short.secret")
        }
    }
}
