import Foundation
import MilepostServer
import Testing

@Suite struct ServerConfigTests {
    static let valid = """
        {"postgres": {"host": "127.0.0.1", "port": 5433, "user": "milepost", "database": "milepost"},
         "https": {"host": "0.0.0.0", "port": 8443, "certificateFile": "tls/server.pem", "privateKeyFile": "tls/server.key"},
         "retentionDays": 365, "auditDirectory": "/var/lib/milepost-server/audit"}
        """

    func refusal(_ text: String) -> String? {
        do {
            _ = try ServerConfig.parse(Data(text.utf8), path: "server.json")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aCompleteConfigLoads() throws {
        let config = try ServerConfig.parse(Data(Self.valid.utf8), path: "server.json")
        #expect(try config.postgres.endpoint(path: "server.json").description == "postgres://milepost@127.0.0.1:5433/milepost")
        #expect(!config.https.servesPlainHTTP)
    }

    @Test func everyBadFieldIsNamed() {
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"retentionDays\": 365", with: "\"retentionDays\": 400"))
            == "server.json: retentionDays = 400 is out of range 1...365")
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"user\": \"milepost\", ", with: ""))
            == "config server.json lacks the field 'postgres.user'")
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"privateKeyFile\"", with: "\"privateKeyFil\""))
            == "server.json: unknown key \"https.privateKeyFil\" (did you mean \"privateKeyFile\"?)")
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"port\": 8443", with: "\"port\": \"8443\""))?.contains("field 'https.port'") == true)
        #expect(refusal(Self.valid.replacingOccurrences(of: ", \"privateKeyFile\": \"tls/server.key\"", with: ""))
            == "config server.json lacks the field 'https.privateKeyFile'")
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"postgres\": {\"host\": \"127.0.0.1\", \"port\": 5433, \"user\": \"milepost\", \"database\": \"milepost\"}",
                                                        with: "\"postgres\": {\"url\": \"mysql://x@y/z\"}"))
            == "config server.json: field 'postgres.url' is not a postgres://user@host:port/database URL")
    }

    @Test func thePolicyDirectoryIsOptionalButNeverEmpty() throws {
        #expect(try ServerConfig.parse(Data(Self.valid.utf8), path: "server.json").policyDirectory == nil)
        let withPolicy = Self.valid.replacingOccurrences(of: "\"retentionDays\": 365", with: "\"retentionDays\": 365, \"policyDirectory\": \"/var/lib/milepost-server/policy\"")
        #expect(try ServerConfig.parse(Data(withPolicy.utf8), path: "server.json").policyDirectory == "/var/lib/milepost-server/policy")
        #expect(refusal(withPolicy.replacingOccurrences(of: "/var/lib/milepost-server/policy", with: ""))
            == "config server.json: field 'policyDirectory' is empty; leave it out to refuse every search")
    }

    @Test func plainHTTPOnlyOnLoopback() throws {
        let plain = Self.valid.replacingOccurrences(of: ", \"certificateFile\": \"tls/server.pem\", \"privateKeyFile\": \"tls/server.key\"",
                                                    with: ", \"plainHTTPOnLoopback\": true")
        #expect(refusal(plain)?.contains("field 'https.plainHTTPOnLoopback' is true but https.host is '0.0.0.0'") == true)
        let loopback = plain.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
        #expect(try ServerConfig.parse(Data(loopback.utf8), path: "server.json").https.servesPlainHTTP)
    }

    @Test func aURLCarriesUserPasswordPortAndDatabase() throws {
        let endpoint = try PostgresEndpoint(url: "postgres://alice:s%40cret@db.example:6543/alpr", field: "postgres.url", path: "server.json")
        #expect(endpoint == PostgresEndpoint(host: "db.example", port: 6543, user: "alice", password: "s@cret", database: "alpr"))
    }
}
