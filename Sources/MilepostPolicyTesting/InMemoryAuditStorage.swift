import Foundation
import MilepostPolicy
import MilepostSystem
import SystemPackage

/// In-memory append-only file with fault injection for tests.
public final class InMemoryAuditStorage: AuditStorage, @unchecked Sendable {  // every field is used under `lock`
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
                throw PolicyError(.io, FileError("write", path: name, errno: Errno(rawValue: errno)).description)
            }
            bytes += data
        }
    }

    public func truncate(toLength length: Int) throws {
        try lock.withLock {
            if let truncateFault { throw PolicyError(.io, FileError("ftruncate", path: name, errno: Errno(rawValue: truncateFault)).description) }
            bytes = Array(bytes.prefix(length))
        }
    }
}
