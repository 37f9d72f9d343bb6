/// What the policy layer needs from a file system: small whole files written atomically, a
/// permission check for key files, and directory listings. Real implementation:
/// `POSIXPolicyFileSystem`; test double: `InMemoryPolicyFileSystem`.
public protocol PolicyFileSystem: Sendable {
    /// Throws `PolicyError(.io)` naming the path.
    func readFile(_ path: String) throws -> [UInt8]
    /// nil when the file does not exist.
    func status(_ path: String) throws -> FileStatus?
    /// Write to a temporary file, fsync, rename over `path`, fsync the directory: readers see the
    /// old or the new content, never a mix, even across power loss.
    func writeFileAtomically(_ path: String, _ bytes: [UInt8], permissions: UInt32) throws
    func createDirectory(_ path: String, permissions: UInt32) throws
    /// File names (not paths) in a directory, sorted; empty when it does not exist.
    func listDirectory(_ path: String) throws -> [String]
    func removeFile(_ path: String) throws
    /// The user the process runs as, for the key file owner check.
    var currentUserID: UInt32 { get }
}

public struct FileStatus: Equatable, Sendable {
    /// Permission bits only (0o7777).
    public var permissions: UInt32
    public var ownerUserID: UInt32
    public var size: Int

    public init(permissions: UInt32, ownerUserID: UInt32, size: Int) {
        self.permissions = permissions
        self.ownerUserID = ownerUserID
        self.size = size
    }
}

extension PolicyFileSystem {
    public func exists(_ path: String) throws -> Bool { try status(path) != nil }

    public func readText(_ path: String) throws -> String {
        String(decoding: try readFile(path), as: UTF8.self)
    }
}

func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

func parentDirectory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
