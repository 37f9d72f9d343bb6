#if canImport(Glibc)
import Glibc
#endif

/// Why an image could not be read or written. Messages name what was wrong so an operator
/// can act on them.
public enum ImagingError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notJPEG(firstBytes: [UInt8])
    case corrupt(String)
    case dimensionsTooLarge(width: Int, height: Int, limits: DecodeLimits)
    case invalidDimensions(width: Int, height: Int)
    case encoderFailed(String)
    /// The file is larger than ``DecodeLimits/maxFileBytes``; nothing of it was read.
    case fileTooLarge(bytes: Int, limit: Int)
    /// A system call on the image file failed: `operation` (open, stat, read) and its errno.
    case unreadableFile(operation: String, errno: Int32)
    case notARegularFile
    case notPNG(firstBytes: [UInt8])
    /// libpng refused the data; its message says what was wrong (bad CRC, truncated data, ...).
    case corruptPNG(String)
    case pngDimensionsTooLarge(width: Int, height: Int, limits: DecodeLimits)
    /// Reading or decoding the file at `path` failed for `reason`.
    indirect case file(path: String, reason: ImagingError)

    public var description: String {
        switch self {
        case .empty:
            return "image data is empty"
        case .notJPEG(let bytes):
            return "not a JPEG image (starts with \(hex(bytes)), expected FF D8)"
        case .corrupt(let message):
            return "corrupt or truncated JPEG: \(message)"
        case .dimensionsTooLarge(let width, let height, let limits):
            return "JPEG header declares \(width)x\(height), beyond the limit of "
                + "\(limits.maxWidth)x\(limits.maxHeight) and \(limits.maxPixels) pixels; refused before decoding"
        case .invalidDimensions(let width, let height):
            return "invalid image dimensions \(width)x\(height)"
        case .encoderFailed(let message):
            return "JPEG encoding failed: \(message)"
        case .fileTooLarge(let bytes, let limit):
            return "image file is \(bytes) bytes, above the limit of \(limit) bytes (\(limit >> 20) MiB); refused before reading"
        case .unreadableFile(let operation, let code):
            return "cannot \(operation) the image file: \(String(cString: strerror(code))) (errno \(code))"
        case .notARegularFile:
            return "not a regular file"
        case .notPNG(let bytes):
            return "not a PNG image (starts with \(hex(bytes)), expected \(hex(PNG.signature)))"
        case .corruptPNG(let message):
            return "corrupt or truncated PNG: \(message)"
        case .pngDimensionsTooLarge(let width, let height, let limits):
            return "PNG header declares \(width)x\(height), beyond the limit of "
                + "\(limits.maxWidth)x\(limits.maxHeight) and \(limits.maxPixels) pixels; refused before decoding"
        case .file(let path, let reason):
            return "\(path): \(reason)"
        }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
