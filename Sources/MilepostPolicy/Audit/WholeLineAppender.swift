/// Appends whole lines to an `AuditStorage`, all or nothing. An append that fails part-way (a
/// full disk, an I/O error, a failed fsync) is cut back off, so the file only ever holds whole
/// lines and the next line does not land on the fragment of a failed one.
struct WholeLineAppender {
    let storage: AuditStorage
    /// Bytes of whole lines in the file: where the next line starts.
    private(set) var length: Int
    /// A failed append left bytes after `length` that could not be cut off yet.
    private var fragmentLeft = false

    init(storage: AuditStorage, length: Int) {
        self.storage = storage
        self.length = length
    }

    /// Appends `line` (ending in a newline). On a throw the file is as it was before the call,
    /// or holds an unfinished fragment that the next append (or the next open) cuts off first.
    mutating func append(_ line: [UInt8]) throws {
        if fragmentLeft {
            try storage.truncate(toLength: length)
            fragmentLeft = false
        }
        do {
            try storage.append(line)
        } catch {
            do { try storage.truncate(toLength: length) } catch { fragmentLeft = true }
            throw error
        }
        length += line.count
    }

    /// The bytes after the last newline of `bytes`: a line whose write never completed.
    static func unfinishedTail(of bytes: [UInt8]) -> ArraySlice<UInt8> {
        let start = (bytes.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        return bytes[start...]
    }
}
