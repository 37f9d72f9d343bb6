import AsyncHTTPClient
import MilepostHotlist
import NIOCore
import NIOHTTP1
import NIOSSL

/// Posts forwarded notices to the department server with the read uploader's TLS settings:
/// the server's certificate is always verified, against `caFile` when given.
final class ServerNoticeTransport: WebhookTransport {
    private let client: HTTPClient

    init(trusting certificates: [NIOSSLCertificate]?) {
        client = HTTPReadBatchTransport.client(trusting: certificates)
    }

    func post(url: String, headers: [(String, String)], body: [UInt8], timeoutMillis: Int64) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = HTTPHeaders(headers)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .milliseconds(timeoutMillis))
        // Drain (bounded) so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }

    func shutdown() async throws {
        try await client.shutdown()
    }
}
