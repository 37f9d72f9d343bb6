#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (RLIMIT_NOFILE): `soft` is the one in force, `hard` the
/// most an unprivileged process may raise it to.
public struct OpenFileLimit: Equatable, Sendable {
    public var soft: Int
    public var hard: Int

    public init(soft: Int, hard: Int) {
        self.soft = soft
        self.hard = hard
    }

    public static func current() throws(OpenFileLimitError) -> OpenFileLimit {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { throw .cannotRead(errno: errno) }
        return OpenFileLimit(soft: Int(clamping: limit.rlim_cur), hard: Int(clamping: limit.rlim_max))
    }

    /// Raises the soft limit to the hard one and returns the limit then in force. When the
    /// kernel refuses (a hard limit of "unlimited" above what it allows), the soft limit stays
    /// as it was; the returned value says which.
    public static func raisingSoftToHard() throws(OpenFileLimitError) -> OpenFileLimit {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { throw .cannotRead(errno: errno) }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(resource, &limit)
        }
        return try current()
    }

    #if canImport(Glibc)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}

public enum OpenFileLimitError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(errno: Int32)

    public var description: String {
        switch self {
        case .cannotRead(let code):
            return "cannot read the open-file limit (getrlimit RLIMIT_NOFILE): \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
