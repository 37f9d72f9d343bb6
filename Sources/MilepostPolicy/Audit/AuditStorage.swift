import Foundation
import MilepostCore
import MilepostSystem
import SystemPackage

/// An append-only file: the audit log and the checkpoint file sit on one each. Real
/// implementation: `FileAuditStorage`; test double: `InMemoryAuditStorage` (MilepostPolicyTesting).
public protocol AuditStorage: AnyObject, Sendable {
    var name: String { get }
    func readAll() throws -> [UInt8]
    /// Durable when it returns (written and fsynced). May leave part of `bytes` written when it
    /// throws (a disk that fills up mid-write); `AuditLog` cuts such a fragment back off.
    func append(_ bytes: [UInt8]) throws
    /// Only used to drop an unfinished final line that was never acknowledged.
    func truncate(toLength length: Int) throws
}

/// An `AuditStorage` on a file of a `FileSystem`, created with mode 0600 and held under an
/// exclusive lock (`flock`) for as long as the value lives.
public final class FileAuditStorage: AuditStorage {
    public let name: String
    private let file: any OpenFile
    private let holder: FileLock
    /// Appends and truncations run one at a time; each leaves the file's end where the next starts.
    private let serial = Locked(())

    /// Opens (creating with mode 0600) for appending, and takes an exclusive lock on it.
    public init(path: String, fileSystem: any FileSystem = DiskFileSystem()) throws {
        name = path
        do throws(FileError) {
            let existed = fileSystem.exists(path)
            file = try fileSystem.openFile(path, creatingWith: .ownerReadWrite)
            // One writer at a time: a second process appending would fork the hash chain.
            do throws(FileError) {
                holder = try fileSystem.lockExclusively(path)
                if !existed { try fileSystem.syncDirectory(PathNames.directory(of: path)) }
            } catch {
                file.close()
                throw error
            }
        } catch where error.errno == .wouldBlock {
            throw PolicyError(.auditUnavailable, "\(path) is held by another process (the unit service?); install documents and run searches through the unit's API while it runs")
        } catch {
            throw error.policyError
        }
    }

    deinit { file.close() }

    public func readAll() throws -> [UInt8] {
        try serial.withLock { _ in
            do throws(FileError) { return try file.read(count: Int(try file.size()), at: 0) } catch { throw error.policyError }
        }
    }

    public func append(_ bytes: [UInt8]) throws {
        try serial.withLock { _ in
            do throws(FileError) {
                try file.write(bytes, at: try file.size())
                try file.sync()
            } catch {
                throw error.policyError
            }
        }
    }

    public func truncate(toLength length: Int) throws {
        try serial.withLock { _ in
            do throws(FileError) {
                try file.truncate(to: Int64(length))
                try file.sync()
            } catch {
                throw error.policyError
            }
        }
    }
}
