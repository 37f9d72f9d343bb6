import SystemPackage

/// A failed file-system call: which call, on which path, and the errno it returned, e.g.
/// `fdatasync /var/lib/milepost/store/ring/segment-00003: No space left on device`.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The C call that failed, e.g. `"fdatasync"`.
    public let operation: String
    /// The file or directory it was called on.
    public let path: String
    public let errno: Errno

    public init(_ operation: String, path: String, errno: Errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(operation) \(path): \(errno)" }
}

extension Errno {
    /// True when the error means "no room left": a full disk or an exhausted quota.
    public var isOutOfSpace: Bool { self == .noSpace || self == .diskQuotaExceeded }
}
