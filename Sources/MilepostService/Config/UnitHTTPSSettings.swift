/// The certificate and private key (PEM files: ECDSA P-256 or RSA) the unit serves its API
/// with over HTTPS: `https` in unit.json.
public struct UnitHTTPSSettings: Codable, Sendable, Equatable {
    public var certificateFile: String
    public var privateKeyFile: String

    enum CodingKeys: String, CodingKey, CaseIterable { case certificateFile, privateKeyFile }

    public init(certificateFile: String, privateKeyFile: String) {
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
    }
}

extension UnitConfig {
    static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]

    /// HTTPS with `https`, or plain HTTP only when `plainHTTPOnLoopback` says so on a loopback
    /// `httpHost`; anything else is refused, naming the field.
    func validateTransport(path: String) throws(UnitConfigError) {
        guard plainHTTPOnLoopback == true else {
            guard https != nil else {
                throw .invalidField(path: path, field: CodingKeys.https.rawValue,
                                    reason: "is missing: the API is served over HTTPS with {\"certificateFile\", \"privateKeyFile\"}, "
                                        + "or over plain HTTP on a loopback httpHost with \"plainHTTPOnLoopback\": true")
            }
            return
        }
        guard Self.loopbackHosts.contains(httpHost) else {
            throw .invalidField(path: path, field: CodingKeys.plainHTTPOnLoopback.rawValue,
                                reason: "is true but httpHost is '\(httpHost)'; plain HTTP is served only on 127.0.0.1, ::1 or localhost")
        }
        guard https == nil else {
            throw .invalidField(path: path, field: CodingKeys.plainHTTPOnLoopback.rawValue,
                                reason: "is true but https is given too; choose HTTPS or plain HTTP")
        }
    }
}

extension UnitConfig {
    /// Where the officer console is served: https, or http when plain HTTP on loopback.
    public var consoleURL: String {
        let host = httpHost.contains(":") ? "[\(httpHost)]" : httpHost
        return "\(https == nil ? "http" : "https")://\(host):\(httpPort)/console"
    }
}
