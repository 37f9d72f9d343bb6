#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// The real file system: thin wrappers over the POSIX calls, through swift-system where it
/// has them.
public struct DiskFileSystem: FileSystem {
    public init() {}

    /// Mode of files made by `openFile(_:create: true)`.
    public static let defaultFilePermissions: FilePermissions = [.ownerReadWrite, .groupRead]

    public func openFile(_ path: String, creatingWith permissions: FilePermissions?) throws(FileError) -> any OpenFile {
        let options: FileDescriptor.OpenOptions = permissions != nil ? [.create, .closeOnExec] : [.closeOnExec]
        let descriptor = try naming("open", path: path) {
            try FileDescriptor.open(FilePath(path), .readWrite, options: options, permissions: permissions)
        }
        return DiskFile(descriptor: descriptor, path: path)
    }

    public func openFileReadOnly(_ path: String) throws(FileError) -> any OpenFile {
        let descriptor = try naming("open", path: path) {
            try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        }
        return DiskFile(descriptor: descriptor, path: path)
    }

    public func createFile(_ path: String, permissions: FilePermissions) throws(FileError) -> any OpenFile {
        let descriptor = try naming("open", path: path) {
            try FileDescriptor.open(
                FilePath(path), .readWrite, options: [.create, .truncate, .closeOnExec], permissions: permissions)
        }
        do throws(FileError) {
            // The umask may have narrowed the mode at creation; set exactly what was asked.
            _ = try retryingInterrupts("fchmod", path: path) { fchmod(descriptor.rawValue, permissions.rawValue) }
        } catch {
            try? descriptor.close()
            throw error
        }
        return DiskFile(descriptor: descriptor, path: path)
    }

    public func rename(_ from: String, to: String) throws(FileError) {
        _ = try retryingInterrupts("rename", path: "\(from) -> \(to)") { Glibc.rename(from, to) }
    }

    public func unlink(_ path: String) throws(FileError) {
        _ = try retryingInterrupts("unlink", path: path) { Glibc.unlink(path) }
    }

    public func makeDirectory(_ path: String, permissions: FilePermissions) throws(FileError) {
        do throws(FileError) {
            _ = try retryingInterrupts("mkdir", path: path) { mkdir(path, permissions.rawValue) }
        } catch where error.errno == .fileExists {
            return
        }
    }

    public func syncDirectory(_ path: String) throws(FileError) {
        let descriptor = try retryingInterrupts("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { _ = Glibc.close(descriptor) }
        _ = try retryingInterrupts("fsync", path: path) { fsync(descriptor) }
    }

    public func listDirectory(_ path: String) throws(FileError) -> [String] {
        guard let directory = opendir(path) else { throw FileError("opendir", path: path, errno: Errno(rawValue: errno)) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func status(_ path: String) throws(FileError) -> FileStatus? {
        var info = stat()
        if stat(path, &info) == 0 {
            return FileStatus(
                permissions: FilePermissions(rawValue: info.st_mode & 0o7777), ownerUserID: UInt32(info.st_uid),
                size: Int64(info.st_size), isDirectory: info.st_mode & 0o170000 == 0o040000)  // S_IFMT, S_IFDIR
        }
        let error = Errno(rawValue: errno)
        if error == .noSuchFileOrDirectory || error == .notDirectory { return nil }
        throw FileError("stat", path: path, errno: error)
    }

    public func lockExclusively(_ path: String) throws(FileError) -> FileLock {
        let descriptor = try retryingInterrupts("open", path: path) {
            open(path, O_RDWR | O_CREAT | O_CLOEXEC, Self.defaultFilePermissions.rawValue)
        }
        do throws(FileError) {
            _ = try retryingInterrupts("flock", path: path) { flock(descriptor, LOCK_EX | LOCK_NB) }
        } catch {
            _ = Glibc.close(descriptor)
            throw error
        }
        // Closing the descriptor releases the lock.
        return FileLock(path: path) { _ = Glibc.close(descriptor) }
    }

    public var currentUserID: UInt32 { UInt32(getuid()) }
}
