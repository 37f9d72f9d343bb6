import Foundation

/// Where the server's PostgreSQL is: either `url` (`postgres://user[:password]@host[:port]/database`)
/// or `host`, `user` and `database` (with `port`, default 5432, and an optional `passwordFile`).
public struct PostgresSettings: Codable, Sendable, Equatable {
    public var url: String?
    public var host: String?
    public var port: Int?
    public var user: String?
    public var database: String?
    /// A file holding the password (its first line), so that it stays out of server.json.
    public var passwordFile: String?
    /// `disable`, `prefer` (default: TLS when the server offers it) or `require`.
    public var tls: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case url, host, port, user, database, passwordFile, tls }

    public init(url: String) { self.url = url }

    public init(host: String, port: Int = 5432, user: String, database: String, passwordFile: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.passwordFile = passwordFile
    }

    public enum TLSMode: String, Sendable, CaseIterable { case disable, prefer, require }

    /// The settings resolved to one endpoint, checked; `path` names the config file in errors.
    public func endpoint(path: String) throws(ServerConfigError) -> PostgresEndpoint {
        guard let mode = TLSMode(rawValue: tls ?? TLSMode.prefer.rawValue) else {
            throw .invalidField(path: path, field: "postgres.tls", reason: "is '\(tls!)'; one of disable, prefer, require")
        }
        var endpoint: PostgresEndpoint
        if let url {
            guard host == nil, port == nil, user == nil, database == nil else {
                throw .invalidField(path: path, field: "postgres.url", reason: "is given with host, port, user or database; give one or the other")
            }
            endpoint = try PostgresEndpoint(url: url, field: "postgres.url", path: path)
        } else {
            guard let host, !host.isEmpty else { throw .missingField(path: path, field: "postgres.host (or postgres.url)") }
            guard let user, !user.isEmpty else { throw .missingField(path: path, field: "postgres.user") }
            guard let database, !database.isEmpty else { throw .missingField(path: path, field: "postgres.database") }
            endpoint = PostgresEndpoint(host: host, port: port ?? 5432, user: user, password: nil, database: database)
        }
        guard (1...65535).contains(endpoint.port) else {
            throw .outOfRange(path: path, field: "postgres.port", value: "\(endpoint.port)", range: "1...65535")
        }
        if let passwordFile {
            do {
                let text = try String(contentsOfFile: passwordFile, encoding: .utf8)
                endpoint.password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
            } catch {
                throw .invalidField(path: path, field: "postgres.passwordFile", reason: "cannot be read (\(passwordFile)): \(error.localizedDescription)")
            }
        }
        endpoint.tls = mode
        return endpoint
    }
}

/// One PostgreSQL server and database, as the server connects to it.
public struct PostgresEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: PostgresSettings.TLSMode = .prefer

    public init(host: String, port: Int, user: String, password: String?, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// `postgres://user[:password]@host[:port]/database` (also `postgresql://`); `field` and
    /// `path` name the setting in errors.
    public init(url text: String, field: String, path: String) throws(ServerConfigError) {
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw .invalidField(path: path, field: field, reason: "is not a postgres://user@host:port/database URL")
        }
        guard let host = url.host, !host.isEmpty else { throw .invalidField(path: path, field: field, reason: "names no host") }
        guard let user = url.user, !user.isEmpty else { throw .invalidField(path: path, field: field, reason: "names no user") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw .invalidField(path: path, field: field, reason: "names no database (the path after the host)") }
        self.init(host: host, port: url.port ?? 5432, user: user, password: url.password, database: database)
    }

    /// Without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
