/// An open file of the store. Every call names its C counterpart.
///
/// Implementations are thread-safe: positioned reads and writes may run concurrently
/// (the store never writes one range from two threads at once).
public protocol StorageFile: AnyObject, Sendable {
    /// The path the file was opened with (for error messages).
    var path: String { get }

    /// `pread(2)`: reads up to `count` bytes at `offset`; fewer only at end of file.
    func read(count: Int, at offset: Int64) throws(FileError) -> [UInt8]

    /// `pwrite(2)`: writes all of `bytes` at `offset` (short writes are continued).
    func write(_ bytes: [UInt8], at offset: Int64) throws(FileError)

    /// `fdatasync(2)`: returns once every earlier write to this file is on stable storage.
    /// A failure means some earlier writes may be lost; it must never be retried as if
    /// a second success could prove them durable.
    func dataSync() throws(FileError)

    /// `fallocate(2)` mode 0: reserves blocks so writes inside `0..<size` cannot hit ENOSPC.
    func allocate(size: Int64) throws(FileError)

    /// `fallocate(2)` with `FALLOC_FL_ZERO_RANGE` (or written zeros where unsupported):
    /// the range reads back as zeros and stays allocated.
    func zeroRange(at offset: Int64, count: Int64) throws(FileError)

    /// `fstat(2)` size.
    func size() throws(FileError) -> Int64

    /// `close(2)`. Errors on close are ignored: durability is decided by `dataSync`.
    func close()
}

/// The directory operations the store needs, behind a protocol so tests can inject faults.
public protocol StorageFileSystem: Sendable {
    /// `open(2)` for reading and writing; creates the file when `create` is true.
    func openFile(_ path: String, create: Bool) throws(FileError) -> any StorageFile
    /// `open(2)` read-only.
    func openFileReadOnly(_ path: String) throws(FileError) -> any StorageFile
    /// `rename(2)`: atomically replaces `to`.
    func rename(_ from: String, to: String) throws(FileError)
    /// `unlink(2)`.
    func unlink(_ path: String) throws(FileError)
    /// `mkdir(2)`; succeeds when the directory already exists.
    func makeDirectory(_ path: String) throws(FileError)
    /// `fsync(2)` on the directory, making creations, renames and unlinks in it durable.
    func syncDirectory(_ path: String) throws(FileError)
    /// The names in a directory (without `.` and `..`), sorted.
    func listDirectory(_ path: String) throws(FileError) -> [String]
    /// Whether anything exists at `path`.
    func exists(_ path: String) -> Bool
}

extension StorageFile {
    /// Reads exactly `count` bytes or fails with EIO naming the short read.
    func readExactly(count: Int, at offset: Int64) throws(FileError) -> [UInt8] {
        let bytes = try read(count: count, at: offset)
        guard bytes.count == count else {
            throw FileError("pread (short: \(bytes.count) of \(count) bytes at \(offset))", path: path, errno: .ioError)
        }
        return bytes
    }
}
