#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// `fallocate(2)`, which the Glibc module does not export (it is a GNU extension).
/// `off_t` is 64 bits on every Linux target Milepost runs on.
@_silgen_name("fallocate")
private func linuxFallocate(_ fd: Int32, _ mode: Int32, _ offset: off_t, _ length: off_t) -> Int32

/// An open descriptor of `DiskFileSystem`.
final class DiskFile: OpenFile {
    let descriptor: FileDescriptor
    let path: String

    init(descriptor: FileDescriptor, path: String) {
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
                    let n = try naming("pread", path: path) {
                        try descriptor.read(
                            fromAbsoluteOffset: offset + Int64(done), into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
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
        var failure: FileError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileError) {
                try writeCompletely(count: buffer.count, at: offset, path: path) { (done, position) throws(FileError) in
                    try naming("pwrite", path: path) {
                        try descriptor.write(toAbsoluteOffset: position, UnsafeRawBufferPointer(rebasing: buffer[done...]))
                    }
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    func dataSync() throws(FileError) {
        _ = try retryingInterrupts("fdatasync", path: path) { fdatasync(descriptor.rawValue) }
    }

    func sync() throws(FileError) {
        _ = try retryingInterrupts("fsync", path: path) { fsync(descriptor.rawValue) }
    }

    func allocate(size: Int64) throws(FileError) {
        _ = try retryingInterrupts("fallocate", path: path) { linuxFallocate(descriptor.rawValue, 0, 0, off_t(size)) }
    }

    /// Linux `FALLOC_FL_ZERO_RANGE` (linux/falloc.h); not exported by the Glibc module.
    private static let zeroRangeFlag: Int32 = 0x10

    func zeroRange(at offset: Int64, count: Int64) throws(FileError) {
        do throws(FileError) {
            _ = try retryingInterrupts("fallocate(ZERO_RANGE)", path: path) {
                linuxFallocate(descriptor.rawValue, Self.zeroRangeFlag, off_t(offset), off_t(count))
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

    func truncate(to size: Int64) throws(FileError) {
        try naming("ftruncate", path: path) { try descriptor.resize(to: size) }
    }

    func size() throws(FileError) -> Int64 {
        var info = stat()
        _ = try retryingInterrupts("fstat", path: path) { fstat(descriptor.rawValue, &info) }
        return Int64(info.st_size)
    }

    func close() {
        try? descriptor.close()
    }
}
