import Foundation
import Testing
@testable import MilepostService

/// The optional `server` section of unit.json: every refusal names its field.
@Suite struct UnitConfigServerTests {
    static func load(_ server: String) throws -> UnitConfig {
        try UnitConfig.load(from: try UnitConfigTests.writeValid(adding: "\"server\":\(server)"))
    }

    static func refusal(_ server: String) throws -> String? {
        let url = try UnitConfigTests.writeValid(adding: "\"server\":\(server)")
        let error = #expect(throws: UnitConfigError.self) { try UnitConfig.load(from: url) }
        return error.map { "\($0)" }
    }

    @Test func withoutAServerSectionTheUnitForwardsNothing() throws {
        let url = try UnitConfigTests.write(UnitConfigTests.valid)
        #expect(try UnitConfig.load(from: url).server == nil)
    }

    @Test func aServerSectionIsReadWithItsDefaults() throws {
        let config = try Self.load(#"{"url":"https://alpr.lpd.example.gov:8443/","caFile":"/etc/milepost/lpd-ca.pem"}"#)
        let server = try #require(config.server)
        #expect(server.ingestURL == "https://alpr.lpd.example.gov:8443/api/ingest/reads")
        #expect(UploadSettings(server) == UploadSettings(batchSize: 200, intervalMillis: 5_000))
        #expect(try Self.load(#"{"url":"https://a.example","batchSize":50,"intervalSeconds":30}"#).server.map { UploadSettings($0) }
            == UploadSettings(batchSize: 50, intervalMillis: 30_000))
    }

    @Test func eachBadFieldIsNamed() throws {
        #expect(try Self.refusal(#"{"caFile":"/ca.pem"}"#)?.contains("lacks the field 'server.url'") == true)
        #expect(try Self.refusal(#"{"url":"http://alpr.lpd.example.gov"}"#)?.contains("field 'server.url' 'http://alpr.lpd.example.gov' must be https") == true)
        #expect(try Self.refusal(#"{"url":"http://127.0.0.1:9000"}"#)?.contains("server.url") == true)
        #expect(try Self.load(#"{"url":"http://127.0.0.1:9000","loopbackTestServer":true}"#).server?.loopbackTestServer == true)
        #expect(try Self.refusal(#"{"url":"https://alpr.example?token=x"}"#)?.contains("server.url") == true)
        #expect(try Self.refusal(#"{"url":"not a url"}"#)?.contains("server.url") == true)
        #expect(try Self.refusal(#"{"url":"https://a.example","caFile":""}"#)?.contains("server.caFile") == true)
        #expect(try Self.refusal(#"{"url":"https://a.example","batchSize":0}"#)?.hasSuffix("server.batchSize = 0 is out of range 1...1000") == true)
        #expect(try Self.refusal(#"{"url":"https://a.example","intervalSeconds":7200}"#)?.contains("server.intervalSeconds = 7200") == true)
        #expect(try Self.refusal(#"{"url":"https://a.example","batchSise":5}"#)?.contains("unknown key \"server.batchSise\" (did you mean \"batchSize\"?)") == true)
    }
}
