/// A failed file-system call: which call, on which path, and the errno it returned.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The C call that failed, e.g. `"fdatasync"`.
    public let operation: String
    /// The file or directory it was called on.
    public let path: String
    public let errno: FileErrno

    public init(_ operation: String, path: String, errno: FileErrno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(operation) \(path): \(errno)" }
}
