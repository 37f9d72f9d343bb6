import MilepostCore
#if canImport(Glibc)
import Glibc
#endif

/// Reading an image file whole, with its size checked against ``DecodeLimits/maxFileBytes``
/// before anything is read.
public enum ImageFile {
    /// Reads and decodes an image file to luma: PNG when its name ends in `.png` (any case),
    /// JPEG otherwise. Errors name the file.
    public static func readLuma(_ path: String, limits: DecodeLimits = .default) throws(ImagingError) -> LumaImage {
        do {
            let bytes = try read(path, limits: limits)
            return path.lowercased().hasSuffix(".png")
                ? try PNG.decodeLuma(bytes, limits: limits) : try JPEG.decodeLuma(bytes, limits: limits)
        } catch {
            throw .file(path: path, reason: error)
        }
    }

    public static func read(_ path: String, limits: DecodeLimits = .default) throws(ImagingError) -> [UInt8] {
        let fd = try retrying("open") { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        let size = try fileSize(fd)
        guard size <= limits.maxFileBytes else { throw .fileTooLarge(bytes: size, limit: limits.maxFileBytes) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try retrying("read") { chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            // The file grew after its size was checked.
            if bytes.count > limits.maxFileBytes {
                throw .fileTooLarge(bytes: max(bytes.count, try fileSize(fd)), limit: limits.maxFileBytes)
            }
        }
    }

    private static func fileSize(_ fd: Int32) throws(ImagingError) -> Int {
        var status = stat()
        _ = try retrying("stat") { fstat(fd, &status) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile }
        return Int(status.st_size)
    }

    /// Runs a call that reports failure as -1 with errno, retrying on EINTR.
    private static func retrying<R: BinaryInteger>(_ operation: String, _ call: () -> R) throws(ImagingError) -> R {
        while true {
            let result = call()
            if result != -1 { return result }
            if errno != EINTR { throw .unreadableFile(operation: operation, errno: errno) }
        }
    }
}
