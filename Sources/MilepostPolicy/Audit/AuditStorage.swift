import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An append-only file: the audit log and the checkpoint file sit on one each. Real
/// implementation: `POSIXAuditStorage`; test double: `InMemoryAuditStorage`.
public protocol AuditStorage: AnyObject, Sendable {
    var name: String { get }
    func readAll() throws -> [UInt8]
    /// Durable when it returns (written and fsynced). May leave part of `bytes` written when it
    /// throws (a disk that fills up mid-write); `AuditLog` cuts such a fragment back off.
    func append(_ bytes: [UInt8]) throws
    /// Only used to drop an unfinished final line that was never acknowledged.
    func truncate(toLength length: Int) throws
}

public final class POSIXAuditStorage: AuditStorage, @unchecked Sendable {
    public let name: String
    private let fd: Int32
    private let lock = NSLock()

    /// Opens (creating with mode 0600) for appending, and takes an exclusive lock on it.
    public init(path: String) throws {
        name = path
        let existed = access(path, F_OK) == 0
        do {
            fd = try Syscall.call("open", path) { open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600) }
            // One writer at a time: a second process appending would fork the hash chain.
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                close(fd)
                if code == EWOULDBLOCK {
                    throw PolicyError(.auditUnavailable, "\(path) is held by another process (the unit service?); install documents and run searches through the unit's API while it runs")
                }
                throw SystemError(call: "flock", path: path, errno: code)
            }
            if !existed {
                let directory = parentDirectory(path)
                let dirFD = try Syscall.call("open", directory) { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
                defer { close(dirFD) }
                try Syscall.call("fsync", directory) { fsync(dirFD) }
            }
        } catch let error as SystemError {
            throw error.policyError
        }
    }

    deinit { close(fd) }

    public func readAll() throws -> [UInt8] {
        try lock.withLock {
            var out = [UInt8]()
            var chunk = [UInt8](repeating: 0, count: 65_536)
            do {
                while true {
                    let offset = off_t(out.count)
                    let count = try Syscall.call("pread", name) { chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) } }
                    if count == 0 { return out }
                    out += chunk[0..<count]
                }
            } catch let error as SystemError {
                throw error.policyError
            }
        }
    }

    public func append(_ bytes: [UInt8]) throws {
        try lock.withLock {
            do {
                try writeAll(fd, bytes, path: name)
                try Syscall.call("fsync", name) { fsync(fd) }
            } catch let error as SystemError {
                throw error.policyError
            }
        }
    }

    public func truncate(toLength length: Int) throws {
        try lock.withLock {
            do {
                try Syscall.call("ftruncate", name) { ftruncate(fd, off_t(length)) }
                try Syscall.call("fsync", name) { fsync(fd) }
            } catch let error as SystemError {
                throw error.policyError
            }
        }
    }
}

/// In-memory append-only file with fault injection for tests.
public final class InMemoryAuditStorage: AuditStorage, @unchecked Sendable {
    public let name: String
    private let lock = NSLock()
    private var bytes: [UInt8]
    private var appendFault: (errno: Int32, bytesWritten: Int, times: Int?)?
    private var truncateFault: Int32?

    public init(name: String = "memory", bytes: [UInt8] = []) {
        self.name = name
        self.bytes = bytes
    }

    public var contents: [UInt8] {
        get { lock.withLock { bytes } }
        set { lock.withLock { bytes = newValue } }
    }

    /// The next `times` appends (every one when nil) write their first `bytesWritten` bytes (at
    /// most) and then fail with `errno`, as write(2) does on a disk that fills up mid-write
    /// (ENOSPC) or fails (EIO). nil errno: appends work again.
    public func failAppends(errno: Int32?, afterWriting bytesWritten: Int = 0, times: Int? = nil) {
        lock.withLock { appendFault = errno.map { ($0, bytesWritten, times) } }
    }

    /// Every following truncate fails with `errno` and cuts nothing; nil: truncates work again.
    public func failTruncates(errno: Int32?) { lock.withLock { truncateFault = errno } }

    public func readAll() throws -> [UInt8] { lock.withLock { bytes } }

    public func append(_ data: [UInt8]) throws {
        try lock.withLock {
            if let (errno, bytesWritten, times) = appendFault {
                appendFault = times == 1 ? nil : (errno, bytesWritten, times.map { $0 - 1 })
                bytes += data.prefix(bytesWritten)
                throw SystemError(call: "write", path: name, errno: errno).policyError
            }
            bytes += data
        }
    }

    public func truncate(toLength length: Int) throws {
        try lock.withLock {
            if let truncateFault { throw SystemError(call: "ftruncate", path: name, errno: truncateFault).policyError }
            bytes = Array(bytes.prefix(length))
        }
    }
}
