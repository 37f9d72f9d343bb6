import MilepostCore
import MilepostHotlist
import MilepostPolicy
import MilepostSystem
import MilepostTesting
import SystemPackage

@testable import MilepostService
import MilepostSystem

/// A file system that notes, for every operation, whether it ran on `queue`: wrapped around
/// the file system of a part that should do its file work there, it proves where that work ran.
final class QueueCheckingFileSystem: FileSystem {
    struct Operation: Equatable, CustomStringConvertible {
        var name: String
        var path: String
        var onQueue: Bool
        var description: String { "\(name) \(path)\(onQueue ? "" : " (off the queue)")" }
    }

    let inner: any FileSystem
    let queue: SerialLane
    private let log = Locked<[Operation]>([])

    init(_ inner: any FileSystem = FaultInjectingFileSystem(), queue: SerialLane) {
        self.inner = inner
        self.queue = queue
    }

    var operations: [Operation] { log.withLock { $0 } }
    /// Operations that ran anywhere but on the queue.
    var offQueue: [Operation] { operations.filter { !$0.onQueue } }
    func forget() { log.withLock { $0 = [] } }

    fileprivate func note(_ name: String, _ path: String) {
        let onQueue = queue.isCurrent
        log.withLock { $0.append(Operation(name: name, path: path, onQueue: onQueue)) }
    }

    private func checked(_ file: any OpenFile) -> any OpenFile { QueueCheckingFile(inner: file, fileSystem: self) }

    func openFile(_ path: String, creatingWith permissions: FilePermissions?) throws(FileError) -> any OpenFile {
        note("open", path); return checked(try inner.openFile(path, creatingWith: permissions))
    }
    func openFileReadOnly(_ path: String) throws(FileError) -> any OpenFile {
        note("open", path); return checked(try inner.openFileReadOnly(path))
    }
    func createFile(_ path: String, permissions: FilePermissions) throws(FileError) -> any OpenFile {
        note("create", path); return checked(try inner.createFile(path, permissions: permissions))
    }
    func rename(_ from: String, to: String) throws(FileError) { note("rename", to); try inner.rename(from, to: to) }
    func unlink(_ path: String) throws(FileError) { note("remove", path); try inner.unlink(path) }
    func makeDirectory(_ path: String, permissions: FilePermissions) throws(FileError) {
        note("createDirectory", path); try inner.makeDirectory(path, permissions: permissions)
    }
    func syncDirectory(_ path: String) throws(FileError) { note("syncDirectory", path); try inner.syncDirectory(path) }
    func listDirectory(_ path: String) throws(FileError) -> [String] { note("list", path); return try inner.listDirectory(path) }
    func status(_ path: String) throws(FileError) -> FileStatus? { note("status", path); return try inner.status(path) }
    func lockExclusively(_ path: String) throws(FileError) -> FileLock { note("lock", path); return try inner.lockExclusively(path) }
    var currentUserID: UInt32 { inner.currentUserID }
}

/// A file of `QueueCheckingFileSystem`: notes its reads, writes and syncs too.
final class QueueCheckingFile: OpenFile {
    let inner: any OpenFile
    let fileSystem: QueueCheckingFileSystem

    init(inner: any OpenFile, fileSystem: QueueCheckingFileSystem) {
        self.inner = inner
        self.fileSystem = fileSystem
    }

    var path: String { inner.path }
    func read(count: Int, at offset: Int64) throws(FileError) -> [UInt8] {
        fileSystem.note("read", path); return try inner.read(count: count, at: offset)
    }
    func write(_ bytes: [UInt8], at offset: Int64) throws(FileError) { fileSystem.note("write", path); try inner.write(bytes, at: offset) }
    func dataSync() throws(FileError) { fileSystem.note("sync", path); try inner.dataSync() }
    func sync() throws(FileError) { fileSystem.note("sync", path); try inner.sync() }
    func allocate(size: Int64) throws(FileError) { fileSystem.note("allocate", path); try inner.allocate(size: size) }
    func zeroRange(at offset: Int64, count: Int64) throws(FileError) {
        fileSystem.note("zeroRange", path); try inner.zeroRange(at: offset, count: count)
    }
    func truncate(to size: Int64) throws(FileError) { fileSystem.note("truncate", path); try inner.truncate(to: size) }
    func size() throws(FileError) -> Int64 { fileSystem.note("size", path); return try inner.size() }
    func close() { inner.close() }
}

/// Notes whether each call of a fake's blocking method ran on `queue`.
final class QueueWitness: Sendable {
    let queue: SerialLane
    private let seen = Locked<[Bool]>([])

    init(_ queue: SerialLane) { self.queue = queue }

    func note() {
        let onQueue = queue.isCurrent
        seen.withLock { $0.append(onQueue) }
    }

    func forget() { seen.withLock { $0 = [] } }

    var calls: Int { seen.withLock { $0.count } }
    var allOnQueue: Bool { seen.withLock { !$0.isEmpty && !$0.contains(false) } }
}

/// Audit storage that notes whether each append (a write and fsync) ran on the witness's queue.
final class WitnessedAuditStorage: AuditStorage {
    let inner: any AuditStorage
    let witness: QueueWitness

    init(_ inner: any AuditStorage, witness: QueueWitness) {
        self.inner = inner
        self.witness = witness
    }

    var name: String { inner.name }
    func readAll() throws -> [UInt8] { try inner.readAll() }
    func append(_ bytes: [UInt8]) throws {
        witness.note()
        try inner.append(bytes)
    }
    func truncate(toLength length: Int) throws { try inner.truncate(toLength: length) }
}
