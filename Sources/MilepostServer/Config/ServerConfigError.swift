import MilepostCore

/// Why a server configuration was refused.
public typealias ServerConfigError = ConfigFileError

extension ServerConfig {
    public func validate(path: String) throws(ServerConfigError) {
        guard (1...Self.maximumRetentionDays).contains(retentionDays) else {
            throw .outOfRange(path: path, field: "retentionDays", value: "\(retentionDays)", range: "1...\(Self.maximumRetentionDays)")
        }
        guard !auditDirectory.isEmpty else { throw .invalidField(path: path, field: "auditDirectory", reason: "is empty") }
        if policyDirectory?.isEmpty == true { throw .invalidField(path: path, field: "policyDirectory", reason: "is empty; leave it out to refuse every search") }
        _ = try postgres.endpoint(path: path)
        try https.validate(path: path)
    }
}
