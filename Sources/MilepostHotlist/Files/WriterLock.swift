import Glibc

/// An exclusive advisory lock on a directory's `writer.lock` file (flock(2), LOCK_EX|LOCK_NB),
/// held while the value lives. The notice outbox numbers notices from its in-memory last
/// sequence, so two processes committing to one outbox would reuse numbers and overwrite a
/// committed notice: every writer (the unit, `notices demo-hit`, the bench sender) takes this
/// first. Readers that only follow the outbox do not. The kernel drops the lock when the
/// process dies, even by `kill -9`, so a crash never leaves it stale.
public final class WriterLock: Sendable {
    public let path: String
    private let descriptor: Int32

    public struct Held: Error, Equatable, CustomStringConvertible {
        public let path: String
        public var description: String {
            "\(path) is locked by another process writing the same outbox (is the unit running? use its outbox only through it)"
        }
    }

    /// Takes the lock or fails at once.
    public init(directory: String) throws {
        try POSIXFileSystem().createDirectory(directory)
        let path = Path.join(directory, "writer.lock")
        let fd = try Syscall.retrying("open", path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640) }
        do {
            _ = try Syscall.retrying("flock", path) { flock(fd, LOCK_EX | LOCK_NB) }
        } catch where error.errno == Errno(rawValue: EWOULDBLOCK) {
            _ = Glibc.close(fd)
            throw Held(path: path)
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
        self.path = path
        descriptor = fd
    }

    deinit { _ = Glibc.close(descriptor) }
}
