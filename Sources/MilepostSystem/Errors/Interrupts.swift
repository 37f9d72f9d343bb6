#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// Runs a C call that reports failure as -1 and errno, retrying while it fails with EINTR.
/// Every C call of the unit that swift-system does not wrap passes through here or through
/// the pointer-returning variant below.
@inline(__always)
public func retryingInterrupts<R: BinaryInteger>(_ call: () -> R) -> Result<R, Errno> {
    while true {
        let result = call()
        if result != -1 { return .success(result) }
        let error = Errno(rawValue: errno)
        if error == .interrupted { continue }
        return .failure(error)
    }
}

/// Like `retryingInterrupts(_:)` for calls that return a pointer, NULL on failure. A NULL
/// without errno set reads as EIO.
@inline(__always)
public func retryingInterrupts<P>(_ call: () -> P?) -> Result<P, Errno> {
    while true {
        errno = 0
        if let pointer = call() { return .success(pointer) }
        let error = Errno(rawValue: errno)
        if error == .interrupted { continue }
        return .failure(error.rawValue == 0 ? .ioError : error)
    }
}
