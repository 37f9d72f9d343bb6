import MilepostSystem
import SystemPackage

/// An exclusive lock on a directory's `writer.lock` file (`FileSystem.lockExclusively`,
/// flock(2)), held while the value lives. The notice outbox numbers notices from its
/// in-memory last sequence, so two processes committing to one outbox would reuse numbers
/// and overwrite a committed notice: every writer (the unit, `notices demo-hit`, the bench
/// sender) takes this first. Readers that only follow the outbox do not. The kernel drops
/// the lock when the process dies, even by `kill -9`, so a crash never leaves it stale.
public final class WriterLock: Sendable {
    public var path: String { lock.path }
    private let lock: FileLock

    public struct Held: Error, Equatable, CustomStringConvertible {
        public let path: String
        public var description: String {
            "\(path) is locked by another process writing the same outbox (is the unit running? use its outbox only through it)"
        }
    }

    /// Takes the lock or fails at once.
    public init(directory: String, fileSystem: any FileSystem = DiskFileSystem()) throws {
        try fileSystem.makeDirectories(directory)
        let path = PathNames.join(directory, "writer.lock")
        do throws(FileError) {
            lock = try fileSystem.lockExclusively(path)
        } catch where error.errno == .wouldBlock {
            throw Held(path: path)
        }
    }
}
