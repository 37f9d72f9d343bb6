import MilepostSystem

/// The unit's current audit seal key (`audit-seal.key`, mode 0600): one epoch's key and its
/// number, replaced atomically (temporary file, fsync, rename, fsync of the directory) when the
/// epoch closes. The replaced key is gone from the file system's view at once; on flash its
/// blocks are freed, not scrubbed (docs/POLICY-FORMATS.md §What protects the log).
public final class AuditSealKeyFile: Sendable {
    public let path: String
    private let fileSystem: any FileSystem

    public init(fileSystem: any FileSystem, path: String) {
        self.fileSystem = fileSystem
        self.path = path
    }

    public func load() throws -> AuditSealKey {
        try AuditSealKey(fileBytes: try fileSystem.readFile(path), file: path)
    }

    public func store(_ key: AuditSealKey) throws {
        try fileSystem.writeFileAtomically(path, key.fileBytes, permissions: PolicyStateFiles.permissions)
    }
}
