/// Why the server could not start or go on; each names the thing at fault.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    case postgresUnreachable(endpoint: String, reason: String)
    case portInUse(host: String, port: Int)
    case listenFailed(host: String, port: Int, reason: String)
    case tlsFiles(certificate: String, key: String, reason: String)
    case schemaTooNew(version: Int, known: Int)
    case migrationFailed(version: Int, name: String, reason: String)
    case auditUnavailable(directory: String, reason: String)
    case policyUnavailable(directory: String, reason: String)

    public var description: String {
        switch self {
        case .postgresUnreachable(let endpoint, let reason):
            return "cannot reach PostgreSQL at \(endpoint): \(reason)"
        case .portInUse(let host, let port):
            return "cannot listen on \(host):\(port): the port is already in use (another server running?); change https.port"
        case .listenFailed(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason)"
        case .tlsFiles(let certificate, let key, let reason):
            return "cannot load the TLS certificate \(certificate) and key \(key): \(reason)"
        case .schemaTooNew(let version, let known):
            return "the database has schema migration \(version) applied, but this server knows migrations up to \(known) only; run the newer server"
        case .migrationFailed(let version, let name, let reason):
            return "schema migration \(version) (\(name)) failed and was rolled back: \(reason)"
        case .auditUnavailable(let directory, let reason):
            return "cannot open the server's audit log in \(directory): \(reason)"
        case .policyUnavailable(let directory, let reason):
            return "cannot use policyDirectory \(directory) (server.json): \(reason)"
        }
    }
}
