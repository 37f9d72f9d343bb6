import Glibc

/// The Linux file layer: each method is a thin wrapper over the named syscall, retrying
/// EINTR and turning -1/errno into a `FileSystemError` that names the operation and path.
public struct POSIXFileSystem: DurableFileSystem {
    public init() {}

    /// open(2) with O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, mode 0640.
    public func createFile(_ path: String) throws(FileSystemError) -> FileHandleID {
        let fd = try Syscall.retrying("open", path) { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640) }
        return FileHandleID(rawValue: fd)
    }

    /// write(2), looping over short writes.
    public func write(_ handle: FileHandleID, _ bytes: [UInt8]) throws(FileSystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = try Syscall.retrying("write", "fd \(handle.rawValue)") {
                bytes.withUnsafeBytes { Glibc.write(handle.rawValue, $0.baseAddress! + offset, $0.count - offset) }
            }
            offset += written
        }
    }

    /// fsync(2).
    public func sync(_ handle: FileHandleID) throws(FileSystemError) {
        _ = try Syscall.retrying("fsync", "fd \(handle.rawValue)") { fsync(handle.rawValue) }
    }

    /// close(2). Not retried on EINTR: on Linux the descriptor is already released.
    public func close(_ handle: FileHandleID) throws(FileSystemError) {
        if Glibc.close(handle.rawValue) == -1 && errno != EINTR {
            throw FileSystemError(operation: "close", path: "fd \(handle.rawValue)", errno: Errno(rawValue: errno))
        }
    }

    /// rename(2).
    public func rename(_ from: String, to: String) throws(FileSystemError) {
        _ = try Syscall.retrying("rename", from + " -> " + to) { Glibc.rename(from, to) }
    }

    /// open(2) O_RDONLY|O_DIRECTORY, fsync(2), close(2).
    public func syncDirectory(_ path: String) throws(FileSystemError) {
        let fd = try Syscall.retrying("open", path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { _ = Glibc.close(fd) }
        _ = try Syscall.retrying("fsync", path) { fsync(fd) }
    }

    /// open(2), fstat(2) for a size hint, read(2) until end of file.
    public func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
        let fd = try Syscall.retrying("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { _ = Glibc.close(fd) }
        var info = stat()
        _ = try Syscall.retrying("fstat", path) { fstat(fd, &info) }
        var result: [UInt8] = []
        result.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try Syscall.retrying("read", path) {
                chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// opendir(3), readdir(3), closedir(3); "." and ".." are left out.
    public func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
        guard let directory = opendir(path) else {
            throw FileSystemError(operation: "opendir", path: path, errno: Errno(rawValue: errno))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// unlink(2).
    public func removeFile(_ path: String) throws(FileSystemError) {
        _ = try Syscall.retrying("unlink", path) { unlink(path) }
    }

    /// mkdir(2) for each missing component, mode 0750.
    public func createDirectory(_ path: String) throws(FileSystemError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o750) == -1 && errno != EEXIST {
                throw FileSystemError(operation: "mkdir", path: prefix, errno: Errno(rawValue: errno))
            }
            prefix += "/"
        }
    }

    /// access(2) with F_OK.
    public func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// The one place where syscall results are checked: -1 becomes a typed error, EINTR is retried.
enum Syscall {
    static func retrying<T: FixedWidthInteger>(
        _ operation: String, _ path: String, _ call: () -> T
    ) throws(FileSystemError) -> T {
        while true {
            let result = call()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw FileSystemError(operation: operation, path: path, errno: Errno(rawValue: code))
        }
    }
}
