#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `PolicyFileSystem` over POSIX calls, every one through `Syscall.call` (EINTR retried,
/// errno named in the error).
public struct POSIXPolicyFileSystem: PolicyFileSystem {
    public init() {}

    public var currentUserID: UInt32 { UInt32(getuid()) }

    public func readFile(_ path: String) throws -> [UInt8] {
        do {
            let fd = try Syscall.call("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
            defer { close(fd) }
            var out = [UInt8]()
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = try Syscall.call("read", path) { chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
                if count == 0 { return out }
                out += chunk[0..<count]
            }
        } catch let error as SystemError {
            throw error.policyError
        }
    }

    public func status(_ path: String) throws -> FileStatus? {
        var info = stat()
        if stat(path, &info) == 0 {
            return FileStatus(permissions: UInt32(info.st_mode) & 0o7777, ownerUserID: UInt32(info.st_uid), size: Int(info.st_size))
        }
        let code = errno
        if code == ENOENT || code == ENOTDIR { return nil }
        throw SystemError(call: "stat", path: path, errno: code).policyError
    }

    public func writeFileAtomically(_ path: String, _ bytes: [UInt8], permissions: UInt32) throws {
        let temporary = path + ".tmp-\(getpid())"
        do {
            let fd = try Syscall.call("open", temporary) {
                open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(permissions))
            }
            do {
                // The umask may have narrowed the mode at creation; set exactly what was asked.
                try Syscall.call("fchmod", temporary) { fchmod(fd, mode_t(permissions)) }
                try writeAll(fd, bytes, path: temporary)
                try Syscall.call("fsync", temporary) { fsync(fd) }
            } catch {
                close(fd)
                unlink(temporary)
                throw error
            }
            close(fd)
            do {
                try Syscall.call("rename", path) { rename(temporary, path) }
            } catch {
                unlink(temporary)
                throw error
            }
            try syncDirectory(parentDirectory(path))
        } catch let error as SystemError {
            throw error.policyError
        }
    }

    public func createDirectory(_ path: String, permissions: UInt32) throws {
        if mkdir(path, mode_t(permissions)) == 0 { return }
        let code = errno
        if code == EEXIST { return }
        throw SystemError(call: "mkdir", path: path, errno: code).policyError
    }

    public func listDirectory(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            let code = errno
            if code == ENOENT { return [] }
            throw SystemError(call: "opendir", path: path, errno: code).policyError
        }
        defer { closedir(directory) }
        var names = [String]()
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func removeFile(_ path: String) throws {
        if unlink(path) == 0 || errno == ENOENT { return }
        throw SystemError(call: "unlink", path: path, errno: errno).policyError
    }

    private func syncDirectory(_ path: String) throws {
        let fd = try Syscall.call("open", path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try Syscall.call("fsync", path) { fsync(fd) }
    }
}

/// write(2) until every byte is written; short writes continue, EINTR retries.
func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
    var offset = 0
    while offset < bytes.count {
        let written = try Syscall.call("write", path) {
            bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        }
        offset += written
    }
}
