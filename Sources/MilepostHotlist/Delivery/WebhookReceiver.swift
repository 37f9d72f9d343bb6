/// A dispatch/CAD endpoint (or other receiver) that gets every notice by HTTPS POST.
public struct WebhookReceiver: Sendable {
    public let name: String
    public let url: String
    /// Authenticates each POST: an HMAC secret for webhook receivers, the unit key for the
    /// department server.
    public let signer: any NoticeRequestSigner
    /// Give up on a notice this long after it was committed (a stale notice is not useful).
    public let maximumAgeMillis: Int64

    /// The HMAC secret of a receiver that signs with one.
    public var secret: [UInt8]? { (signer as? HMACNoticeSigner)?.secret }

    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case notHTTPS(String)
        case secretTooShort(String)

        public var description: String {
            switch self {
            case .invalidName(let name): return "webhook receiver name '\(name)': use letters, digits, '-' or '_'"
            case .notHTTPS(let url):
                return "webhook URL \(url) is not https; plain http is allowed only to 127.0.0.1 for a receiver configured as a test receiver"
            case .secretTooShort(let name): return "webhook receiver \(name): the signing secret must be at least 16 bytes"
            }
        }
    }

    /// - Parameter testReceiver: permits a plain `http://127.0.0.1` URL, for loopback tests
    ///   and benchmarks only. TLS certificate verification is never switched off: https URLs
    ///   are always verified.
    public init(name: String, url: String, secret: [UInt8], maximumAgeMillis: Int64 = 30 * 60_000, testReceiver: Bool = false) throws(ConfigurationError) {
        guard secret.count >= 16 else {
            try Self.check(name: name, url: url, testReceiver: testReceiver)
            throw .secretTooShort(name)
        }
        try self.init(name: name, url: url, signer: HMACNoticeSigner(secret: secret), maximumAgeMillis: maximumAgeMillis,
                      testReceiver: testReceiver)
    }

    /// A receiver that authenticates its notices with `signer` rather than a shared secret.
    public init(name: String, url: String, signer: any NoticeRequestSigner, maximumAgeMillis: Int64 = 30 * 60_000,
                testReceiver: Bool = false) throws(ConfigurationError) {
        try Self.check(name: name, url: url, testReceiver: testReceiver)
        self.name = name
        self.url = url
        self.signer = signer
        self.maximumAgeMillis = maximumAgeMillis
    }

    private static func check(name: String, url: String, testReceiver: Bool) throws(ConfigurationError) {
        guard ListSettings.isValidName(name), !name.contains(".") else { throw .invalidName(name) }
        let lower = url.lowercased()
        let loopbackHTTP = lower.hasPrefix("http://127.0.0.1:") || lower.hasPrefix("http://127.0.0.1/")
        guard lower.hasPrefix("https://") || (testReceiver && loopbackHTTP) else { throw .notHTTPS(url) }
    }
}
