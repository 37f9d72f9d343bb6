import Foundation
import MilepostTesting
import Testing
@testable import MilepostService

/// The uploader's HTTP client: the department CA it trusts, and TLS for every https URL.
@Suite struct HTTPReadBatchTransportTests {
    /// A self-signed CA made for this test (EC P-256, valid to 2126).
    static let departmentCA = """
        -----BEGIN CERTIFICATE-----
        MIIBpDCCAUmgAwIBAgIUQGugTr7DaKzi9Mv/9fyM8/01R5EwCgYIKoZIzj0EAwIw
        JjEkMCIGA1UEAwwbTWlsZXBvc3QgdGVzdCBkZXBhcnRtZW50IENBMCAXDTI2MTIw
        NzIxNTkzN1oYDzIxMjYxMTEzMjE1OTM3WjAmMSQwIgYDVQQDDBtNaWxlcG9zdCB0
        ZXN0IGRlcGFydG1lbnQgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAT/2ao5
        A6Xe2Az4cudU9OHsI90y4wDl6BwdyldF76bPwd7HN5PJ8nd2EJfEH4L7hYQFbSSr
        UswqFvatPqYMxXWlo1MwUTAdBgNVHQ4EFgQUDMd1SLqT/2SzZKBH1ol2DTM3En8w
        HwYDVR0jBBgwFoAUDMd1SLqT/2SzZKBH1ol2DTM3En8wDwYDVR0TAQH/BAUwAwEB
        /zAKBggqhkjOPQQDAgNJADBGAiEAol1GdRlQGAwF6G+WxdRvyrGiIepMfx7Y8Js2
        V8KVHNYCIQDW80NypqMZ1yXuMjgKsWoyfEw0iqya69dAjxvOqpz2NA==
        -----END CERTIFICATE-----

        """

    @Test func theCAFileMustHoldAPEMCertificateAndAnErrorNamesIt() throws {
        let directory = try TemporaryDirectory("ca-file")
        defer { directory.remove() }
        let good = directory.appending("lpd-ca.pem")
        try Data(Self.departmentCA.utf8).write(to: URL(fileURLWithPath: good))
        #expect(try HTTPReadBatchTransport.certificates(inCAFile: good).count == 1)

        let notPEM = directory.appending("lpd-ca.der")
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: notPEM))
        let missing = directory.appending("absent.pem")
        for path in [notPEM, missing] {
            let error = #expect(throws: HTTPReadBatchTransport.CAFileError.self) { try HTTPReadBatchTransport.certificates(inCAFile: path) }
            #expect(error?.description.hasPrefix("server.caFile \(path):") == true)
        }
    }

    /// An https URL is always spoken to over TLS, verified against the department CA: a plain
    /// HTTP listener there gives no answer, and nothing is taken for an acknowledgement.
    @Test func anHTTPSURLNeverFallsBackToPlainHTTP() async throws {
        let bench = try UploadBench()
        let server = try await LoopbackIngestServer(registered: [bench.unitKey.publicKey], logger: bench.logger)
        let directory = try TemporaryDirectory("ca-https")
        defer { directory.remove() }
        let caFile = directory.appending("lpd-ca.pem")
        try Data(Self.departmentCA.utf8).write(to: URL(fileURLWithPath: caFile))
        let transport = HTTPReadBatchTransport(url: "https://127.0.0.1:\(server.port)/api/ingest/reads",
                                               trusting: try HTTPReadBatchTransport.certificates(inCAFile: caFile), timeout: .seconds(2))
        try bench.append(2)
        let worker = try bench.worker(transport: transport)
        #expect(await worker.step() == 750)
        #expect(server.storedSequences.isEmpty)
        #expect(try bench.cursorOnDisk == 0)
        try await transport.shutdown()
        try await server.stop()
    }
}
