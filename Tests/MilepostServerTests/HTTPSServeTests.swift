import AsyncHTTPClient
import Foundation
import MilepostCore
import MilepostIngest
import MilepostServer
import MilepostTesting
import NIOCore
import NIOSSL
import Testing

extension PostgresBackedTests {
    /// The server as `milepost-server serve` runs it: HTTPS with a certificate, a unit's signed
    /// batch posted by an HTTP client that trusts only that certificate.
    @Suite struct HTTPSServe {
        @Test(.timeLimit(.minutes(1))) func aBatchPostedOverHTTPSIsStoredAndAcknowledged() async throws {
            let directory = try TemporaryDirectory("server-https")
            defer { directory.remove() }
            let certificate = directory.appending("server.pem"), key = directory.appending("server.key")
            let made = system("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost "
                              + "-keyout '\(key)' -out '\(certificate)' 2>/dev/null")
            try #require(made == 0, "openssl could not make a test certificate (tools/install-deps build installs it)")
            let port = try await StartupErrorTests.closedPort()
            let unit = SimulatedUnit("unit-7")
            try await TestPostgres.withDatabase { database in
                _ = try await UnitKeyRegistry(database: database).register(unit.key.publicKey)
                let postgres = database.endpoint
                var settings = PostgresSettings(url: "postgres://\(postgres.user)@\(postgres.host):\(postgres.port)/\(postgres.database)")
                settings.tls = "disable"
                let config = ServerConfig(postgres: settings,
                                          https: HTTPSSettings(host: "127.0.0.1", port: port, certificateFile: certificate, privateKeyFile: key),
                                          auditDirectory: directory.appending("audit"))
                let server = try DepartmentServer(config: config, clock: ManualWallClock(), logger: TestPostgres.logger)
                let running = Task { try await server.run(stopsOnSignals: false) }

                var tls = TLSConfiguration.makeClientConfiguration()
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
                do {
                    let base = "https://localhost:\(port)"
                    try await Self.waitForHealth(client, base)
                    let (body, signature) = try unit.signed(try unit.batch(1...4))
                    var request = HTTPClientRequest(url: base + "/api/ingest/reads")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: ReadBatchCodec.contentType)
                    request.headers.add(name: BatchSignature.headerName, value: signature)
                    request.body = .bytes(ByteBuffer(bytes: body))
                    let response = try await client.execute(request, timeout: .seconds(10))
                    let answer = try await response.body.collect(upTo: 1 << 16)
                    #expect(response.status == .ok)
                    #expect(try JSONDecoder().decode(IngestAcknowledgement.self, from: Data(answer.readableBytesView))
                        == IngestAcknowledgement(unitID: "unit-7", storedThrough: 4, newlyStored: 4))
                    #expect(try await TestPostgres.count("SELECT count(*) FROM reads", in: database) == 4)

                    // Plain HTTP on the HTTPS port gets no answer.
                    let plain = try? await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(5))
                    #expect(plain?.status != .ok)
                } catch {
                    try? await client.shutdown()
                    running.cancel()
                    throw error
                }
                try await client.shutdown()
                running.cancel()
                _ = await running.result
            }
        }

        static func waitForHealth(_ client: HTTPClient, _ base: String) async throws {
            var failure = "no answer"
            for _ in 0..<50 {
                do {
                    let response = try await client.execute(HTTPClientRequest(url: base + "/health"), timeout: .seconds(1))
                    if response.status == .ok { return }
                    failure = "status \(response.status)"
                } catch {
                    failure = "\(error)"
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the server did not answer /health over HTTPS: \(failure)")
        }
    }
}
