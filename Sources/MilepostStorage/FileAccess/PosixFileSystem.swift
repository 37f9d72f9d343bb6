#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a C call, retrying while it fails with EINTR; turns `-1` into a typed `FileError`.
@inline(__always)
func retryingInterrupts<Result: BinaryInteger>(
    _ operation: String, path: String, _ call: () -> Result
) throws(FileError) -> Result {
    while true {
        let result = call()
        if result != -1 { return result }
        let error = FileErrno.current
        if error == .interrupted { continue }
        throw FileError(operation, path: path, errno: error)
    }
}

/// `fallocate(2)`, which the Glibc module does not export (it is a GNU extension).
/// `off_t` is 64 bits on every Linux target Milepost runs on.
@_silgen_name("fallocate")
private func linuxFallocate(_ fd: Int32, _ mode: Int32, _ offset: off_t, _ length: off_t) -> Int32

/// The real file system: thin wrappers over the POSIX calls.
public struct PosixFileSystem: StorageFileSystem {
    public init() {}

    public func openFile(_ path: String, create: Bool) throws(FileError) -> any StorageFile {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = try retryingInterrupts("open", path: path) { Glibc.open(path, flags, 0o640) }
        return PosixFile(descriptor: fd, path: path)
    }

    public func openFileReadOnly(_ path: String) throws(FileError) -> any StorageFile {
        let fd = try retryingInterrupts("open", path: path) { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        return PosixFile(descriptor: fd, path: path)
    }

    public func rename(_ from: String, to: String) throws(FileError) {
        _ = try retryingInterrupts("rename", path: "\(from) -> \(to)") { Glibc.rename(from, to) }
    }

    public func unlink(_ path: String) throws(FileError) {
        _ = try retryingInterrupts("unlink", path: path) { Glibc.unlink(path) }
    }

    public func makeDirectory(_ path: String) throws(FileError) {
        do throws(FileError) {
            _ = try retryingInterrupts("mkdir", path: path) { Glibc.mkdir(path, 0o750) }
        } catch where error.errno == .exists {
            return
        }
    }

    public func syncDirectory(_ path: String) throws(FileError) {
        let fd = try retryingInterrupts("open", path: path) { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { _ = Glibc.close(fd) }
        _ = try retryingInterrupts("fsync", path: path) { Glibc.fsync(fd) }
    }

    public func listDirectory(_ path: String) throws(FileError) -> [String] {
        guard let dir = opendir(path) else { throw FileError("opendir", path: path, errno: .current) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

/// An open descriptor. Positioned I/O only, so concurrent readers need no lock.
final class PosixFile: StorageFile {
    let descriptor: Int32
    let path: String

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    func read(count: Int, at offset: Int64) throws(FileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        var failure: FileError?
        bytes.withUnsafeMutableBytes { buffer in
            while done < count {
                do throws(FileError) {
                    let n = try retryingInterrupts("pread", path: path) {
                        pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                    }
                    if n == 0 { break }
                    done += n
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        if done < count { bytes.removeLast(count - done) }
        return bytes
    }

    func write(_ bytes: [UInt8], at offset: Int64) throws(FileError) {
        var done = 0
        var failure: FileError?
        bytes.withUnsafeBytes { buffer in
            while done < bytes.count {
                do throws(FileError) {
                    let n = try retryingInterrupts("pwrite", path: path) {
                        pwrite(descriptor, buffer.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
                    }
                    done += n
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    func dataSync() throws(FileError) {
        _ = try retryingInterrupts("fdatasync", path: path) { fdatasync(descriptor) }
    }

    func allocate(size: Int64) throws(FileError) {
        _ = try retryingInterrupts("fallocate", path: path) { linuxFallocate(descriptor, 0, 0, off_t(size)) }
    }

    /// Linux `FALLOC_FL_ZERO_RANGE` (linux/falloc.h); not exported by the Glibc module.
    private static let zeroRangeFlag: Int32 = 0x10

    func zeroRange(at offset: Int64, count: Int64) throws(FileError) {
        do throws(FileError) {
            _ = try retryingInterrupts("fallocate(ZERO_RANGE)", path: path) {
                linuxFallocate(descriptor, Self.zeroRangeFlag, off_t(offset), off_t(count))
            }
        } catch where error.errno == .notSupported {
            let chunk = [UInt8](repeating: 0, count: 1 << 20)
            var position: Int64 = 0
            while position < count {
                let n = min(Int64(chunk.count), count - position)
                try write(n == Int64(chunk.count) ? chunk : Array(chunk[0..<Int(n)]), at: offset + position)
                position += n
            }
        }
    }

    func size() throws(FileError) -> Int64 {
        var info = stat()
        _ = try retryingInterrupts("fstat", path: path) { fstat(descriptor, &info) }
        return Int64(info.st_size)
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
