import MilepostCore
import MilepostSystem
import SystemPackage

/// Everything the store can refuse or fail with; each case says what was wrong.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration breaks policy or cannot work (names the field).
    case invalidConfiguration(String)
    /// A read handed to `append` has a bad field; nothing was written.
    case invalidRead(field: String, problem: String)
    /// A read handed to `append` is already past retention; it is not kept.
    case readAlreadyExpired(captureTime: UTCTime, cutoff: UTCTime)
    /// The disk is full. Nothing already acknowledged is affected.
    case outOfSpace(FileError)
    /// A write or read failed. Nothing already acknowledged is affected.
    case ioFailed(FileError)
    /// `fdatasync` failed: reads written since the last good sync may be lost. The store
    /// is now read-only; reopen it to recover from what is really on disk.
    case syncFailed(FileError)
    /// The store stopped accepting writes after an earlier failure (given).
    case readOnly(reason: String)
    /// A store file is damaged beyond what recovery skips over.
    case damaged(path: String, DecodeError)
    /// No directory holds a store and `create` was false.
    case noStore(directory: String)
    /// No live read has this sequence number (never stored, overwritten or purged).
    case notFound(sequence: UInt64)
    case alreadyHeld(sequence: UInt64)
    case notHeld(sequence: UInt64)

    public var description: String {
        switch self {
        case .invalidConfiguration(let why): return "invalid store configuration: \(why)"
        case .invalidRead(let field, let problem): return "read refused: \(field) \(problem)"
        case .readAlreadyExpired(let time, let cutoff):
            return "read refused: captured \(time.format(fractionDigits: 3)), before the retention cutoff \(cutoff.format(fractionDigits: 3))"
        case .outOfSpace(let error): return "disk full: \(error); stored reads are unaffected"
        case .ioFailed(let error): return "I/O error: \(error); stored reads are unaffected"
        case .syncFailed(let error):
            return "fdatasync failed: \(error); reads since the last good sync may be lost, store is now read-only"
        case .readOnly(let reason): return "store is read-only: \(reason)"
        case .damaged(let path, let error): return "\(path) is damaged: \(error)"
        case .noStore(let directory): return "no store in \(directory)"
        case .notFound(let sequence): return "no live read with sequence \(sequence)"
        case .alreadyHeld(let sequence): return "read \(sequence) is already on hold"
        case .notHeld(let sequence): return "read \(sequence) is not on hold"
        }
    }

    /// Maps a failed write to the clear error the caller sees.
    static func fromWrite(_ error: FileError) -> StoreError {
        error.errno.isOutOfSpace ? .outOfSpace(error) : .ioFailed(error)
    }
}
