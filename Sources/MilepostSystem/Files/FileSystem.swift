import MilepostCore
import SystemPackage

/// The file-system boundary: every durable state of the unit (the read store, the hotlist,
/// the notice outbox, the policy state and the audit log) reaches files only through it.
/// `DiskFileSystem` is the real one; tests and tools inject MilepostTesting's
/// `FaultInjectingFileSystem`, which models what a power cut does to unsynced data.
///
/// Nothing is durable until `OpenFile.dataSync()`/`sync()` (contents) and `syncDirectory`
/// (names in a directory) have returned.
public protocol FileSystem: Sendable {
    /// `open(2)` for reading and writing; when `permissions` is given, creates a missing file
    /// with that mode (narrowed by the umask); an existing file keeps its contents and mode.
    func openFile(_ path: String, creatingWith permissions: FilePermissions?) throws(FileError) -> any OpenFile
    /// `open(2)` read-only.
    func openFileReadOnly(_ path: String) throws(FileError) -> any OpenFile
    /// `open(2)` with `O_CREAT|O_TRUNC` for reading and writing, then `fchmod(2)` so the file
    /// has exactly `permissions` whatever the umask.
    func createFile(_ path: String, permissions: FilePermissions) throws(FileError) -> any OpenFile
    /// `rename(2)`: atomically replaces `to`.
    func rename(_ from: String, to: String) throws(FileError)
    /// `unlink(2)`.
    func unlink(_ path: String) throws(FileError)
    /// `mkdir(2)`; succeeds when the directory already exists.
    func makeDirectory(_ path: String, permissions: FilePermissions) throws(FileError)
    /// `fsync(2)` on the directory, making creations, renames and unlinks in it durable.
    func syncDirectory(_ path: String) throws(FileError)
    /// The names in a directory (without `.` and `..`), sorted.
    func listDirectory(_ path: String) throws(FileError) -> [String]
    /// `stat(2)`; nil when nothing exists at `path`.
    func status(_ path: String) throws(FileError) -> FileStatus?
    /// `flock(2)` `LOCK_EX|LOCK_NB` on `path` (created if missing), held until the returned
    /// lock is released or dropped. Fails at once with `Errno.wouldBlock` when another
    /// holder has it; the kernel drops the lock when the process dies.
    func lockExclusively(_ path: String) throws(FileError) -> FileLock
    /// The user the process runs as, for owner checks on files such as keys.
    var currentUserID: UInt32 { get }
}

/// An open file. Positioned I/O only, so concurrent readers need no lock; implementations
/// are thread-safe (callers never write one range from two threads at once).
public protocol OpenFile: AnyObject, Sendable {
    /// The path the file was opened with (for error messages).
    var path: String { get }

    /// `pread(2)`: reads up to `count` bytes at `offset`; fewer only at end of file.
    func read(count: Int, at offset: Int64) throws(FileError) -> [UInt8]

    /// `pwrite(2)`: writes all of `bytes` at `offset` (short writes are continued, EINTR retried).
    func write(_ bytes: [UInt8], at offset: Int64) throws(FileError)

    /// `fdatasync(2)`: returns once every earlier write to this file is on stable storage.
    /// A failure means some earlier writes may be lost; it must never be retried as if
    /// a second success could prove them durable.
    func dataSync() throws(FileError)

    /// `fsync(2)`: like `dataSync`, and the file's metadata (mode, times) too.
    func sync() throws(FileError)

    /// `fallocate(2)` mode 0: reserves blocks so writes inside `0..<size` cannot hit ENOSPC.
    func allocate(size: Int64) throws(FileError)

    /// `fallocate(2)` with `FALLOC_FL_ZERO_RANGE` (or written zeros where unsupported):
    /// the range reads back as zeros and stays allocated.
    func zeroRange(at offset: Int64, count: Int64) throws(FileError)

    /// `ftruncate(2)`: the file ends at `size`.
    func truncate(to size: Int64) throws(FileError)

    /// `fstat(2)` size.
    func size() throws(FileError) -> Int64

    /// `close(2)`. Errors on close are ignored: durability is decided by the syncs.
    func close()
}

/// What `stat(2)` says about a path.
public struct FileStatus: Equatable, Sendable {
    /// Permission bits only (0o7777).
    public var permissions: FilePermissions
    public var ownerUserID: UInt32
    public var size: Int64
    public var isDirectory: Bool

    public init(permissions: FilePermissions, ownerUserID: UInt32, size: Int64, isDirectory: Bool) {
        self.permissions = permissions
        self.ownerUserID = ownerUserID
        self.size = size
        self.isDirectory = isDirectory
    }
}

/// A held `flock(2)`. Released by `release()` or when the value is dropped.
public final class FileLock: Sendable {
    public let path: String
    private let unlock: Locked<(@Sendable () -> Void)?>

    public init(path: String, unlock: @escaping @Sendable () -> Void) {
        self.path = path
        self.unlock = Locked(unlock)
    }

    /// Releases the lock now (once; later calls do nothing).
    public func release() {
        let body = unlock.withLock { stored -> (@Sendable () -> Void)? in
            defer { stored = nil }
            return stored
        }
        body?()
    }

    deinit { release() }
}
