#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An errno value from a failed system or C-library call, with its symbolic name.
///
/// This is the only place a raw errno is turned into a Swift value; everything above it
/// maps `SystemError` into a domain error (``GPIOError``, ``CameraError``) that names the
/// device involved.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int32

    public init(_ code: Int32) { self.code = code }

    /// Captures the calling thread's current errno.
    public static var current: SystemError { SystemError(errno) }

    public static let interrupted = SystemError(EINTR)
    public static let noEntry = SystemError(ENOENT)
    public static let permissionDenied = SystemError(EACCES)
    public static let notPermitted = SystemError(EPERM)
    public static let busy = SystemError(EBUSY)
    public static let noDevice = SystemError(ENODEV)
    public static let noSuchDeviceOrAddress = SystemError(ENXIO)
    public static let invalidArgument = SystemError(EINVAL)
    public static let tryAgain = SystemError(EAGAIN)
    public static let ioError = SystemError(EIO)

    public var isPermissionProblem: Bool { self == .permissionDenied || self == .notPermitted }
    /// The device went away (unplugged, driver unbound, reset).
    public var isDeviceGone: Bool { self == .noDevice || self == .noSuchDeviceOrAddress || self == .ioError }

    public var description: String {
        let message = String(cString: strerror(code))
        return "\(message) (errno \(code))"
    }
}

/// Runs a C call that reports failure as -1 with errno, retrying on EINTR.
/// The single choke point through which this module's syscalls pass.
@inline(__always)
func retryingInterrupts<R: BinaryInteger>(_ body: () -> R) -> Result<R, SystemError> {
    while true {
        let result = body()
        if result != -1 { return .success(result) }
        let error = SystemError.current
        if error == .interrupted { continue }
        return .failure(error)
    }
}

/// Like ``retryingInterrupts(_:)`` for calls that return a pointer, NULL on failure.
@inline(__always)
func retryingInterrupts<P>(_ body: () -> P?) -> Result<P, SystemError> {
    while true {
        errno = 0
        if let pointer = body() { return .success(pointer) }
        let error = SystemError.current
        if error == .interrupted { continue }
        return .failure(error.code == 0 ? .ioError : error)
    }
}
