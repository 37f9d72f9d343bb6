import MilepostHotlist
import MilepostPolicy
import MilepostCore

@testable import MilepostService
import MilepostSystem

/// A file system that notes, for every operation, whether it ran on `queue`: wrapped around
/// the file system of a part that should do its file work there, it proves where that work ran.
final class QueueCheckingFileSystem: DurableFileSystem {
    struct Operation: Equatable, CustomStringConvertible {
        var name: String
        var path: String
        var onQueue: Bool
        var description: String { "\(name) \(path)\(onQueue ? "" : " (off the queue)")" }
    }

    let inner: any DurableFileSystem
    let queue: SerialLane
    private let log = Locked<[Operation]>([])

    init(_ inner: any DurableFileSystem = FaultInjectingFileSystem(), queue: SerialLane) {
        self.inner = inner
        self.queue = queue
    }

    var operations: [Operation] { log.withLock { $0 } }
    /// Operations that ran anywhere but on the queue.
    var offQueue: [Operation] { operations.filter { !$0.onQueue } }
    func forget() { log.withLock { $0 = [] } }

    private func note(_ name: String, _ path: String) {
        let onQueue = queue.isCurrent
        log.withLock { $0.append(Operation(name: name, path: path, onQueue: onQueue)) }
    }

    func createFile(_ path: String) throws(FileSystemError) -> FileHandleID { note("create", path); return try inner.createFile(path) }
    func write(_ handle: FileHandleID, _ bytes: [UInt8]) throws(FileSystemError) { note("write", "#\(handle.rawValue)"); try inner.write(handle, bytes) }
    func sync(_ handle: FileHandleID) throws(FileSystemError) { note("sync", "#\(handle.rawValue)"); try inner.sync(handle) }
    func close(_ handle: FileHandleID) throws(FileSystemError) { note("close", "#\(handle.rawValue)"); try inner.close(handle) }
    func rename(_ from: String, to: String) throws(FileSystemError) { note("rename", to); try inner.rename(from, to: to) }
    func syncDirectory(_ path: String) throws(FileSystemError) { note("syncDirectory", path); try inner.syncDirectory(path) }
    func readFile(_ path: String) throws(FileSystemError) -> [UInt8] { note("read", path); return try inner.readFile(path) }
    func listDirectory(_ path: String) throws(FileSystemError) -> [String] { note("list", path); return try inner.listDirectory(path) }
    func removeFile(_ path: String) throws(FileSystemError) { note("remove", path); try inner.removeFile(path) }
    func createDirectory(_ path: String) throws(FileSystemError) { note("createDirectory", path); try inner.createDirectory(path) }
    func fileExists(_ path: String) -> Bool { note("exists", path); return inner.fileExists(path) }
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
