/// One POST of a signed batch to the department server (docs/server-ingest.md). The unit's
/// uploader uses the AsyncHTTPClient one; tests use a scripted fake (MilepostIngestTesting).
public protocol ReadBatchTransport: Sendable {
    /// Posts `body` with `signature` as the `Milepost-Signature` header and returns the
    /// server's answer, whatever its status; throws when no answer arrived (refused, timed
    /// out, TLS failure).
    func post(body: [UInt8], signature: String) async throws -> IngestAnswer
    /// Releases the connections; called once when the uploader stops.
    func shutdown() async throws
}

extension ReadBatchTransport {
    public func shutdown() async throws {}
}

/// The server's HTTP answer to a batch: an acknowledgement only when `status` is 200.
public struct IngestAnswer: Hashable, Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}
