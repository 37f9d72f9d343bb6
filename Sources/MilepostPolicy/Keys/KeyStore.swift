import MilepostSystem

/// Reads and writes key files through a `FileSystem`, refusing private key files that
/// others could read (the rule ssh applies to identity files).
public struct KeyStore: Sendable {
    public let fileSystem: any FileSystem

    public init(fileSystem: any FileSystem) { self.fileSystem = fileSystem }

    /// Private key files must be owned by the reading user and have no group or other bits.
    public func loadSigningKey(_ path: String, role expected: KeyRole? = nil) throws -> PolicySigningKey {
        guard let status = try fileSystem.status(path) else {
            throw PolicyError(.io, "private key file \(path) does not exist")
        }
        if status.permissions.rawValue & 0o077 != 0 {
            throw PolicyError(.insecureKeyFile, "private key file \(path) has mode \(octal(UInt32(status.permissions.rawValue))): it must not be accessible by group or others; run `chmod 600 \(path)`")
        }
        if status.ownerUserID != fileSystem.currentUserID {
            throw PolicyError(.insecureKeyFile, "private key file \(path) is owned by uid \(status.ownerUserID), not by the user reading it (uid \(fileSystem.currentUserID))")
        }
        let key = try KeyFile.parsePrivate(try fileSystem.readText(path), source: path)
        if let expected, key.holder.role != expected {
            throw PolicyError(.wrongKeyRole, "key file \(path) holds a \(key.holder.role.rawValue) key (\(key.id)); a \(expected.rawValue) key is needed here")
        }
        return key
    }

    public func loadPublicKey(_ path: String, role expected: KeyRole? = nil) throws -> PolicyPublicKey {
        let key = try KeyFile.parsePublic(try fileSystem.readText(path), source: path)
        if let expected, key.holder.role != expected {
            throw PolicyError(.wrongKeyRole, "key file \(path) holds a \(key.holder.role.rawValue) key (\(key.id)); a \(expected.rawValue) key is needed here")
        }
        return key
    }

    /// Writes `<prefix>.key` (mode 0600) and `<prefix>.pub` (0644). Refuses to overwrite a key.
    public func save(_ key: PolicySigningKey, prefix: String) throws -> (privatePath: String, publicPath: String) {
        let privatePath = prefix + ".key", publicPath = prefix + ".pub"
        try KeyFile.checkUnitName(key.holder, source: privatePath)
        for path in [privatePath, publicPath] where fileSystem.exists(path) {
            throw PolicyError(.io, "\(path) already exists; refusing to overwrite a key file")
        }
        try fileSystem.writeFileAtomically(privatePath, Array(KeyFile.render(key).utf8), permissions: 0o600)
        try fileSystem.writeFileAtomically(publicPath, Array(KeyFile.render(key.publicKey).utf8), permissions: 0o644)
        return (privatePath, publicPath)
    }
}

func octal(_ value: UInt32) -> String { "0" + String(value, radix: 8) }
