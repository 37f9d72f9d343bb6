import Foundation

/// The department server the unit forwards its reads to (`server` in unit.json); without it
/// the unit keeps its reads to itself, as before:
///
///     "server": { "url": "https://alpr.lpd.example.gov:8443", "caFile": "/etc/milepost/lpd-ca.pem",
///                 "batchSize": 200, "intervalSeconds": 5 }
///
/// Batches are posted to `<url>/api/ingest/reads` and every hit notice to
/// `<url>/api/ingest/notices` (docs/server-ingest.md), signed with the unit key. The server's
/// certificate is always verified: against `caFile` when given (the department's own CA, PEM),
/// else against the system's trust store.
public struct ServerSettings: Codable, Sendable, Equatable {
    public var url: String
    public var caFile: String?
    /// Reads per batch, at most (default 200).
    public var batchSize: Int?
    /// Seconds between looks for new reads once every stored read is uploaded (default 5).
    public var intervalSeconds: Int?
    /// Allows a plain `http://127.0.0.1` URL, for loopback tests only.
    public var loopbackTestServer: Bool?

    public init(url: String, caFile: String? = nil, batchSize: Int? = nil, intervalSeconds: Int? = nil, loopbackTestServer: Bool? = nil) {
        self.url = url
        self.caFile = caFile
        self.batchSize = batchSize
        self.intervalSeconds = intervalSeconds
        self.loopbackTestServer = loopbackTestServer
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, caFile, batchSize, intervalSeconds, loopbackTestServer
    }

    public enum Limits {
        public static let batchSize = 1...1000
        public static let intervalSeconds = 1...3600
    }

    public static let defaultBatchSize = 200
    public static let defaultIntervalSeconds = 5
    public static let ingestPath = "/api/ingest/reads"

    public static let noticeIngestPath = "/api/ingest/notices"

    /// The URL batches are posted to.
    public var ingestURL: String { base + Self.ingestPath }

    /// The URL hit notices are forwarded to (`ServerNoticeReceiver`).
    public var noticeIngestURL: String { base + Self.noticeIngestPath }

    private var base: String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    /// Checks each field; errors name it, as in `server.url`.
    public func validate(path: String) throws(UnitConfigError) {
        func invalid(_ field: CodingKeys, _ reason: String) -> UnitConfigError {
            .invalidField(path: path, field: "server.\(field.rawValue)", reason: reason)
        }
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host, !host.isEmpty else {
            throw invalid(.url, "'\(url)' is not a URL such as https://alpr.lpd.example.gov:8443")
        }
        let loopback = scheme == "http" && host == "127.0.0.1" && loopbackTestServer == true
        guard scheme == "https" || loopback else {
            throw invalid(.url, "'\(url)' must be https (plain http only to 127.0.0.1 with loopbackTestServer)")
        }
        guard parsed.user == nil, parsed.password == nil, parsed.query == nil, parsed.fragment == nil else {
            throw invalid(.url, "'\(url)' must hold no user, password, query or fragment: the unit key signs every batch")
        }
        if let caFile, caFile.isEmpty { throw invalid(.caFile, "is empty; leave it out to trust the system's CAs") }
        if let batchSize, !Limits.batchSize.contains(batchSize) {
            throw .outOfRange(path: path, field: "server.batchSize", value: "\(batchSize)", range: "\(Limits.batchSize)")
        }
        if let intervalSeconds, !Limits.intervalSeconds.contains(intervalSeconds) {
            throw .outOfRange(path: path, field: "server.intervalSeconds", value: "\(intervalSeconds)", range: "\(Limits.intervalSeconds)")
        }
    }
}
