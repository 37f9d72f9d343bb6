/// One HTTP POST to a webhook receiver. `AsyncHTTPClientTransport` is the real one; tests
/// use a scripted fake.
public protocol WebhookTransport: Sendable {
    /// Returns the HTTP status; throws when no response arrived (connection refused,
    /// timeout, TLS failure).
    func post(url: String, headers: [(String, String)], body: [UInt8], timeoutMillis: Int64) async throws -> Int
}
