import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Webhook POSTs through AsyncHTTPClient. TLS certificate verification is the client's
/// default (full verification) and is not configurable here: there is no switch to turn it off.
/// A client given to `init(client:)` (the department server's, which trusts the department's
/// CA) must verify too.
public final class AsyncHTTPClientTransport: WebhookTransport {
    private let client: HTTPClient

    public init() {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public init(client: HTTPClient) {
        self.client = client
    }

    public func post(url: String, headers: [(String, String)], body: [UInt8], timeoutMillis: Int64) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = HTTPHeaders(headers)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .milliseconds(timeoutMillis))
        // Drain (bounded) so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }
}
