#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An errno value from a failed file call, with the ones the store reacts to named.
///
/// Wraps the C `errno` so that no raw integer escapes the file-access layer.
public struct FileErrno: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `ENOSPC`: the file system is full.
    public static let noSpace = FileErrno(rawValue: ENOSPC)
    /// `EIO`: the device reported an input/output error; data may be lost.
    public static let ioError = FileErrno(rawValue: EIO)
    /// `ENOENT`: no such file or directory.
    public static let noSuchFile = FileErrno(rawValue: ENOENT)
    /// `EEXIST`: the file already exists.
    public static let exists = FileErrno(rawValue: EEXIST)
    /// `EROFS`: the file system is mounted read-only.
    public static let readOnlyFileSystem = FileErrno(rawValue: EROFS)
    /// `EACCES`: permission denied.
    public static let permissionDenied = FileErrno(rawValue: EACCES)
    /// `EINTR`: interrupted by a signal (retried by the POSIX layer, never surfaced).
    public static let interrupted = FileErrno(rawValue: EINTR)
    /// `EOPNOTSUPP`: the file system does not support the operation.
    public static let notSupported = FileErrno(rawValue: EOPNOTSUPP)
    /// `EDQUOT`: the user's disk quota is exhausted (treated like a full disk).
    public static let quotaExceeded = FileErrno(rawValue: EDQUOT)
    /// `EBADF`: not an open file descriptor.
    public static let badDescriptor = FileErrno(rawValue: EBADF)

    /// The current thread's `errno`.
    static var current: FileErrno { FileErrno(rawValue: errno) }

    /// The symbolic name (`ENOSPC`) when known.
    public var name: String {
        switch self {
        case .noSpace: return "ENOSPC"
        case .ioError: return "EIO"
        case .noSuchFile: return "ENOENT"
        case .exists: return "EEXIST"
        case .readOnlyFileSystem: return "EROFS"
        case .permissionDenied: return "EACCES"
        case .interrupted: return "EINTR"
        case .notSupported: return "EOPNOTSUPP"
        case .quotaExceeded: return "EDQUOT"
        case .badDescriptor: return "EBADF"
        default: return "errno \(rawValue)"
        }
    }

    public var description: String {
        guard let message = strerror(rawValue) else { return name }
        return "\(name) (\(String(cString: message)))"
    }

    /// True when the error means "no room left" (full disk or quota).
    public var isOutOfSpace: Bool { self == .noSpace || self == .quotaExceeded }
}
