/// The file operations the hotlist store and the notice outbox need, at the level where
/// durability is decided: nothing is durable until `sync` (file contents) and
/// `syncDirectory` (names in a directory) have returned.
///
/// `POSIXFileSystem` is the Linux implementation; `FaultInjectingFileSystem` is the test
/// double that loses everything unsynced on a simulated power cut.
public protocol DurableFileSystem: Sendable {
    /// Creates (or truncates) a file for writing.
    func createFile(_ path: String) throws(FileSystemError) -> FileHandleID
    func write(_ handle: FileHandleID, _ bytes: [UInt8]) throws(FileSystemError)
    /// fsync(2): the file's contents reach stable storage.
    func sync(_ handle: FileHandleID) throws(FileSystemError)
    func close(_ handle: FileHandleID) throws(FileSystemError)
    /// rename(2): atomically replaces `to` if it exists.
    func rename(_ from: String, to: String) throws(FileSystemError)
    /// fsync(2) on the directory: creations, renames and removals in it become durable.
    func syncDirectory(_ path: String) throws(FileSystemError)
    func readFile(_ path: String) throws(FileSystemError) -> [UInt8]
    /// Names (not paths) of the entries in a directory, in no particular order.
    func listDirectory(_ path: String) throws(FileSystemError) -> [String]
    func removeFile(_ path: String) throws(FileSystemError)
    /// Creates the directory and its parents if missing.
    func createDirectory(_ path: String) throws(FileSystemError)
    func fileExists(_ path: String) -> Bool
}

/// An open file, as handed out by a `DurableFileSystem`.
public struct FileHandleID: Hashable, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
}

/// A failed file operation: which operation, on which path, and the errno it failed with.
public struct FileSystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let errno: Errno

    public init(operation: String, path: String, errno: Errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(operation) \(path): \(errno)" }
}

/// The errno values the file layer names; anything else is kept as its number.
public struct Errno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let noSuchFile = Errno(rawValue: 2)  // ENOENT
    public static let interrupted = Errno(rawValue: 4)  // EINTR
    public static let ioError = Errno(rawValue: 5)  // EIO
    public static let badFileDescriptor = Errno(rawValue: 9)  // EBADF
    public static let permissionDenied = Errno(rawValue: 13)  // EACCES
    public static let fileExists = Errno(rawValue: 17)  // EEXIST
    public static let notDirectory = Errno(rawValue: 20)  // ENOTDIR
    public static let noSpace = Errno(rawValue: 28)  // ENOSPC
    public static let readOnlyFileSystem = Errno(rawValue: 30)  // EROFS

    public var description: String {
        switch self {
        case .noSuchFile: return "no such file or directory (ENOENT)"
        case .interrupted: return "interrupted (EINTR)"
        case .ioError: return "I/O error (EIO)"
        case .badFileDescriptor: return "bad file descriptor (EBADF)"
        case .permissionDenied: return "permission denied (EACCES)"
        case .fileExists: return "file exists (EEXIST)"
        case .notDirectory: return "not a directory (ENOTDIR)"
        case .noSpace: return "no space left on device (ENOSPC)"
        case .readOnlyFileSystem: return "read-only file system (EROFS)"
        default: return "errno \(rawValue)"
        }
    }
}
