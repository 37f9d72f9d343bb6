/// Where the server listens for units, and its TLS certificate and key (PEM files).
public struct HTTPSSettings: Codable, Sendable, Equatable {
    public var host: String
    public var port: Int
    public var certificateFile: String?
    public var privateKeyFile: String?
    /// Plain HTTP instead of HTTPS, allowed only on a loopback host (tests on one machine).
    public var plainHTTPOnLoopback: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable { case host, port, certificateFile, privateKeyFile, plainHTTPOnLoopback }

    public init(host: String, port: Int, certificateFile: String? = nil, privateKeyFile: String? = nil, plainHTTPOnLoopback: Bool? = nil) {
        self.host = host
        self.port = port
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.plainHTTPOnLoopback = plainHTTPOnLoopback
    }

    public var servesPlainHTTP: Bool { plainHTTPOnLoopback == true }

    static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]

    func validate(path: String) throws(ServerConfigError) {
        guard (0...65535).contains(port) else { throw .outOfRange(path: path, field: "https.port", value: "\(port)", range: "0...65535") }
        if servesPlainHTTP {
            guard Self.loopbackHosts.contains(host) else {
                throw .invalidField(path: path, field: "https.plainHTTPOnLoopback", reason: "is true but https.host is '\(host)'; plain HTTP is served only on 127.0.0.1, ::1 or localhost")
            }
            guard certificateFile == nil, privateKeyFile == nil else {
                throw .invalidField(path: path, field: "https.plainHTTPOnLoopback", reason: "is true but a certificate or key is given; choose HTTPS or plain HTTP")
            }
            return
        }
        guard certificateFile != nil else { throw .missingField(path: path, field: "https.certificateFile") }
        guard privateKeyFile != nil else { throw .missingField(path: path, field: "https.privateKeyFile") }
    }
}
