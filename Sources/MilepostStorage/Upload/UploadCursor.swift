import MilepostCore
import MilepostSystem

/// The highest sequence the department server acknowledged as durably stored, kept in
/// `<store>/upload.cursor` (STORAGE-SPEC.md, "Upload cursor"). It only moves forward, and only
/// to what the server acknowledged: reads after it are sent (again) until the server says so.
///
/// Each advance replaces the whole 64-byte file atomically (temporary, fsync, rename, directory
/// fsync), so a power cut leaves the old value or the new one. Advances are serialised, so the
/// file never goes back even when two race. They block: call them off the cooperative pool.
public final class UploadCursor: Sendable {
    public static let fileName = "upload.cursor"
    public let path: String
    let storeID: UInt64
    let fileSystem: any FileSystem
    private let value: Locked<UInt64>

    init(path: String, storeID: UInt64, fileSystem: any FileSystem, acknowledgedThrough: UInt64) {
        self.path = path
        self.storeID = storeID
        self.fileSystem = fileSystem
        self.value = Locked(acknowledgedThrough)
    }

    /// 0 until the server has acknowledged a read.
    public var acknowledgedThrough: UInt64 { value.withLock { $0 } }

    /// Reads the cursor of `store` (0 when the server has acknowledged nothing yet) and removes
    /// the temporary an interrupted advance left. A damaged cursor, or one written for another
    /// store, is refused with an error naming the file: removing it resends every read the
    /// ring holds, which the server stores once.
    public static func open(for store: ReadStore, fileSystem: any FileSystem) throws(StoreError) -> UploadCursor {
        let directory = store.configuration.directory
        let path = PathNames.join(directory, fileName)
        do throws(FileError) {
            try fileSystem.removeLeftoverTemporaries(in: directory) { $0 == fileName + ".tmp" }
        } catch {
            throw .ioFailed(error)
        }
        guard fileSystem.exists(path) else {
            return UploadCursor(path: path, storeID: store.storeID, fileSystem: fileSystem, acknowledgedThrough: 0)
        }
        let bytes: [UInt8]
        do throws(FileError) {
            bytes = try fileSystem.readWholeFile(path)
        } catch {
            throw .ioFailed(error)
        }
        let record: (storeID: UInt64, acknowledgedThrough: UInt64)
        do throws(DecodeError) {
            record = try decode(bytes)
        } catch {
            throw .damaged(path: path + " (remove it to resend every read the ring holds)", error)
        }
        guard record.storeID == store.storeID else {
            throw .damaged(path: path, DecodeError(
                field: "upload.cursor store id", offset: 8,
                reason: "is \(record.storeID), but this store's id is \(store.storeID) (remove it to resend every read the ring holds)"))
        }
        return UploadCursor(path: path, storeID: store.storeID, fileSystem: fileSystem, acknowledgedThrough: record.acknowledgedThrough)
    }

    /// Moves the cursor to `sequence` durably; a sequence at or below it changes nothing.
    /// When this throws, the cursor is where it was (on disk possibly already the new value,
    /// which the next open reads: the server did acknowledge it).
    public func advance(to sequence: UInt64) throws(StoreError) {
        try value.withLock { (current: inout UInt64) throws(StoreError) in
            guard sequence > current else { return }
            do throws(FileError) {
                try fileSystem.replaceAtomically(path, with: Self.encode(storeID: storeID, acknowledgedThrough: sequence))
            } catch {
                throw StoreError.fromWrite(error)
            }
            current = sequence
        }
    }

    static func encode(storeID: UInt64, acknowledgedThrough: UInt64) -> [UInt8] {
        HeaderBlock.encode(magic: Format.uploadCursorMagic) { w in
            w.u64(storeID)
            w.u64(acknowledgedThrough)
        }
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> (storeID: UInt64, acknowledgedThrough: UInt64) {
        guard bytes.count == Format.headerSize else {
            throw DecodeError(field: "upload.cursor", offset: 0, reason: "is \(bytes.count) bytes, expected \(Format.headerSize)")
        }
        var r = try HeaderBlock.open(bytes, magic: Format.uploadCursorMagic, name: "upload.cursor")
        let storeID = try r.u64("upload.cursor store id")
        let acknowledged = try r.u64("upload.cursor acknowledged through")
        try HeaderBlock.expectReservedZero(bytes, 24..<HeaderBlock.crcOffset, name: "upload.cursor")
        return (storeID, acknowledged)
    }
}
