import SystemPackage

/// Runs a C call that reports failure as -1 and errno, retrying while it fails with EINTR;
/// any other failure becomes a `FileError` naming `operation` and `path`. The file calls
/// swift-system does not wrap (fsync, fdatasync, fallocate, flock, mkdir, rename...) all
/// pass through here.
@inline(__always)
func retryingInterrupts<R: BinaryInteger>(
    _ operation: String, path: String, _ call: () -> R
) throws(FileError) -> R {
    switch retryingInterrupts(call) {
    case .success(let result): return result
    case .failure(let error): throw FileError(operation, path: path, errno: error)
    }
}

/// Runs a swift-system call, turning its `Errno` into a `FileError` naming `operation` and `path`.
@inline(__always)
func naming<R>(_ operation: String, path: String, _ call: () throws -> R) throws(FileError) -> R {
    do {
        return try call()
    } catch let error as Errno {
        throw FileError(operation, path: path, errno: error)
    } catch {
        throw FileError(operation, path: path, errno: .ioError)
    }
}

/// Writes all of `count` bytes starting at `offset` through `writeSome`, which writes a
/// prefix of what it is given and returns how many bytes that was (one `pwrite(2)`). A
/// short write is continued where it stopped; a write of zero bytes is reported as EIO
/// rather than looped on forever.
func writeCompletely(
    count: Int, at offset: Int64, path: String,
    _ writeSome: (_ done: Int, _ offset: Int64) throws(FileError) -> Int
) throws(FileError) {
    var done = 0
    while done < count {
        let written = try writeSome(done, offset + Int64(done))
        guard written > 0 else {
            throw FileError("pwrite (wrote 0 of \(count - done) bytes at \(offset + Int64(done)))", path: path, errno: .ioError)
        }
        done += written
    }
}
