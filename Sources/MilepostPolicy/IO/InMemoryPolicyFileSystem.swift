import Foundation

/// A `PolicyFileSystem` in memory, for tests: permissions and owners can be set to exercise the
/// key file checks, and writes can be made to fail.
public final class InMemoryPolicyFileSystem: PolicyFileSystem, @unchecked Sendable {
    private struct Entry {
        var bytes: [UInt8]
        var permissions: UInt32
        var owner: UInt32
    }

    private let lock = NSLock()
    private var files: [String: Entry] = [:]
    private var directories: Set<String> = ["/"]
    public let currentUserID: UInt32
    /// When set, every write fails with this errno (e.g. ENOSPC) and leaves the old content.
    public var failWritesWithErrno: Int32? {
        get { lock.withLock { _failWrites } }
        set { lock.withLock { _failWrites = newValue } }
    }
    private var _failWrites: Int32?

    public init(currentUserID: UInt32 = 1000) { self.currentUserID = currentUserID }

    public func readFile(_ path: String) throws -> [UInt8] {
        try lock.withLock {
            guard let entry = files[path] else { throw SystemError(call: "open", path: path, errno: ENOENT).policyError }
            return entry.bytes
        }
    }

    public func status(_ path: String) throws -> FileStatus? {
        lock.withLock {
            if let entry = files[path] { return FileStatus(permissions: entry.permissions, ownerUserID: entry.owner, size: entry.bytes.count) }
            if directories.contains(path) { return FileStatus(permissions: 0o755, ownerUserID: currentUserID, size: 0) }
            return nil
        }
    }

    public func writeFileAtomically(_ path: String, _ bytes: [UInt8], permissions: UInt32) throws {
        try lock.withLock {
            if let code = _failWrites { throw SystemError(call: "write", path: path, errno: code).policyError }
            files[path] = Entry(bytes: bytes, permissions: permissions, owner: currentUserID)
        }
    }

    public func createDirectory(_ path: String, permissions: UInt32) throws {
        _ = lock.withLock { directories.insert(path) }
    }

    public func listDirectory(_ path: String) throws -> [String] {
        lock.withLock {
            let prefix = path.hasSuffix("/") ? path : path + "/"
            return files.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
                .map { String($0.dropFirst(prefix.count)) }.sorted()
        }
    }

    public func removeFile(_ path: String) throws {
        _ = lock.withLock { files.removeValue(forKey: path) }
    }

    /// Test hook: change a file's mode or owner as `chmod`/`chown` would.
    public func setAttributes(_ path: String, permissions: UInt32? = nil, owner: UInt32? = nil) {
        lock.withLock {
            if let permissions { files[path]?.permissions = permissions }
            if let owner { files[path]?.owner = owner }
        }
    }

    /// Test hook: replace bytes without going through the atomic writer (a tamperer's edit).
    public func overwrite(_ path: String, _ bytes: [UInt8]) {
        lock.withLock { files[path]?.bytes = bytes }
    }
}
