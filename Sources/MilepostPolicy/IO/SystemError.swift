#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: which call, on which path, and the errno by name.
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    public var call: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "\(call) \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }

    var policyError: PolicyError { PolicyError(.io, description) }
}

/// The one choke point for system calls: retries EINTR, turns -1 into a typed error.
enum Syscall {
    @discardableResult
    static func call<T: FixedWidthInteger>(_ name: String, _ path: String, _ body: () -> T) throws -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(call: name, path: path, errno: code)
        }
    }
}
