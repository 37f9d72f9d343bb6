import AsyncHTTPClient
import Foundation
import MilepostTesting
import NIOCore
import NIOSSL
import ServiceLifecycle
import Testing
@testable import MilepostService

/// HTTPS on the unit: the transport rules of unit.json, and the unit serving its API with a
/// self-signed certificate to a client that trusts only that certificate.
@Suite(.serialized) struct UnitHTTPSTests {
    static func load(_ fields: String, host: String = "127.0.0.1") throws -> UnitConfig {
        let url = try UnitConfigTests.write("""
            {"unitID":"u1","cameraID":"c0","board":"sim","stateDirectory":"/tmp/x",
             "storeCapacityBytes":16777216,"retentionDays":30,"httpHost":"\(host)","httpPort":8640,
             "minimumConfidence":500\(fields)}
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        return try UnitConfig.load(from: url)
    }

    static func refusal(_ fields: String, host: String = "127.0.0.1") -> String? {
        do { _ = try load(fields, host: host) } catch { return "\(error)" }
        return nil
    }

    static let https = #","https":{"certificateFile":"/etc/milepost/unit.crt","privateKeyFile":"/etc/milepost/unit.key"}"#

    @Test func theAPIIsServedOverHTTPSOrPlainOnlyOnLoopbackWhenSaidSo() throws {
        #expect(try Self.load(Self.https, host: "0.0.0.0").https
            == UnitHTTPSSettings(certificateFile: "/etc/milepost/unit.crt", privateKeyFile: "/etc/milepost/unit.key"))
        #expect(try Self.load(#","plainHTTPOnLoopback":true"#).plainHTTPOnLoopback == true)
        #expect(Self.refusal("")?.contains("field 'https' is missing") == true, "neither: \(Self.refusal("") ?? "loaded")")
        #expect(Self.refusal(#","plainHTTPOnLoopback":false"#)?.contains("'https'") == true)
        let exposed = Self.refusal(#","plainHTTPOnLoopback":true"#, host: "0.0.0.0")
        #expect(exposed?.contains("field 'plainHTTPOnLoopback' is true but httpHost is '0.0.0.0'") == true, "\(exposed ?? "loaded")")
        #expect(Self.refusal(#","plainHTTPOnLoopback":true"# + Self.https)?.contains("'plainHTTPOnLoopback'") == true)
        #expect(Self.refusal(#","https":{"certificateFile":"/c"}"#)?.contains("https.privateKeyFile") == true)
        #expect(Self.refusal(#","https":{"certificateFile":"/c","privateKeyFile":"/k","keyFile":"/k"}"#)?.contains("https.keyFile") == true)
    }

    @Test(.timeLimit(.minutes(2))) func theUnitServesHTTPSWithItsCertificateAndNotPlainHTTP() async throws {
        let bench = try UnitTestBench("unit-https")
        let certificate = bench.directory.appending("unit.crt"), key = bench.directory.appending("unit.key")
        let made = system("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost "
                          + "-addext subjectAltName=DNS:localhost -keyout '\(key)' -out '\(certificate)' 2>/dev/null")
        try #require(made == 0, "openssl could not make a test certificate (tools/install-deps build installs it)")
        let tls = try UnitTLS(loading: UnitHTTPSSettings(certificateFile: certificate, privateKeyFile: key))
        let pipe = Pipe()
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "x509", "-in", certificate, "-noout", "-fingerprint", "-sha256"]
        openssl.standardOutput = pipe
        try openssl.run()
        openssl.waitUntilExit()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("=" + tls.fingerprint), "openssl shows \(printed)")

        let token = try UnitTokenFileEditor(path: bench.layout.officerTokens).issue(UnitCredential(holder: "tech-1", role: .installer))
        var unit = bench.unit(try bench.config {
            $0.plainHTTPOnLoopback = nil
            $0.https = UnitHTTPSSettings(certificateFile: certificate, privateKeyFile: key)
        })
        let (ports, portSignal) = AsyncStream<Int>.makeStream()
        unit.onServerRunning = { portSignal.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [unit], logger: UnitLifecycleTests.quiet))
        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: trusting))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var port = 0
            for await bound in ports { port = bound; break }
            let health = try await client.execute(HTTPClientRequest(url: "https://localhost:\(port)/health"), timeout: .seconds(10))
            #expect(health.status == .ok)
            #expect(String(buffer: try await health.body.collect(upTo: 1 << 16)) == "ok")
            var status = HTTPClientRequest(url: "https://localhost:\(port)/status")
            status.headers.add(name: "Authorization", value: "Bearer \(token)")
            let answer = try await client.execute(status, timeout: .seconds(10))
            let body = String(buffer: try await answer.body.collect(upTo: 1 << 20))
            #expect(answer.status == .ok && body.contains("\"unitID\""), "an installer's token over HTTPS reads /status: \(body)")
            let plain = try? await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(5))
            #expect(plain?.status != .ok, "plain HTTP on the HTTPS port gets no answer")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await client.shutdown()
    }
}
