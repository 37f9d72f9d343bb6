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

    /// The most one unfinished append can leave: a line of the longest entry and a torn sector.
    static let maximumTornBytes = 64 * 1024

    /// The bytes after the last line `isWhole` accepts: what a write that never completed left.
    /// A power cut mid-append leaves a fragment without a newline, or, where a sector was torn,
    /// garbage that may hold newlines of its own; lines before the last whole one are not looked at.
    /// More than `maximumTornBytes` of lines that are not whole is damage, not one unfinished
    /// write: those lines are left for the caller to refuse.
    static func unfinishedTail(of bytes: [UInt8], isWhole: (ArraySlice<UInt8>) -> Bool) -> ArraySlice<UInt8> {
        let newline = UInt8(ascii: "\n")
        var start = (bytes.lastIndex(of: newline) ?? -1) + 1
        while start > 0 {
            let lineStart = (bytes[..<(start - 1)].lastIndex(of: newline) ?? -1) + 1
            if isWhole(bytes[lineStart..<(start - 1)]) || bytes.count - lineStart > maximumTornBytes { break }
            start = lineStart
        }
        return bytes[start...]
    }
}
