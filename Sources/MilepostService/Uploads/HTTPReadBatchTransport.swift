import AsyncHTTPClient
import MilepostIngest
import NIOCore
import NIOHTTP1
import NIOSSL

/// Posts batches to the department server through AsyncHTTPClient. The server's certificate
/// is always verified (there is no switch to turn that off): against the certificates of
/// `caFile` when given, the department's own CA, otherwise against the system's trust store.
public final class HTTPReadBatchTransport: ReadBatchTransport {
    /// An answer larger than this is not an acknowledgement.
    static let maximumAnswerBytes = 64 * 1024
    private let client: HTTPClient
    private let url: String
    private let timeout: TimeAmount

    public struct CAFileError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "server.caFile \(path): \(reason)" }
    }

    /// - Parameter trusting: the certificates the server's must chain to; nil trusts the
    ///   system's CAs (`certificates(inCAFile:)` reads them from `server.caFile`).
    public init(url: String, trusting certificates: [NIOSSLCertificate]?, timeout: TimeAmount = .seconds(30)) {
        client = Self.client(trusting: certificates)
        self.url = url
        self.timeout = timeout
    }

    /// A client for the department server: no redirects, its certificate verified against
    /// `certificates` when given, else the system's CAs. Shut it down when done.
    static func client(trusting certificates: [NIOSSLCertificate]?) -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let certificates { tls.trustRoots = .certificates(certificates) }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The PEM certificates in `path`; throws naming the file when it holds none.
    public static func certificates(inCAFile path: String) throws(CAFileError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do { certificates = try NIOSSLCertificate.fromPEMFile(path) } catch {
            throw CAFileError(path: path, reason: "cannot read PEM certificates: \(error)")
        }
        guard !certificates.isEmpty else { throw CAFileError(path: path, reason: "holds no PEM certificate") }
        return certificates
    }

    public func post(body: [UInt8], signature: String) async throws -> IngestAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = HTTPHeaders([("Content-Type", ReadBatchCodec.contentType), (BatchSignature.headerName, signature)])
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: timeout)
        let answer = try await response.body.collect(upTo: Self.maximumAnswerBytes)
        return IngestAnswer(status: Int(response.status.code), body: Array(buffer: answer))
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }
}
