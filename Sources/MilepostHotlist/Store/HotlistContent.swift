import Crypto
import MilepostCore

/// A list's canonical content: one line per entry, in list order, exactly as the stored format
/// writes them (docs/HOTLIST-FORMATS.md), each ending in `\n`. Its SHA-256 is what a hotlist
/// approval names, so the same list approved from a CSV file or a fixed-width extract has the
/// same digest, and the unit can recompute it from what it stores.
public enum HotlistContent {
    public static func line(for entry: HotlistEntry) -> String {
        [
            entry.plate.description, entry.state ?? "", entry.code.rawValue, String(entry.entered),
            entry.expires.map(String.init) ?? "", entry.source, entry.reason, entry.caseNumber ?? "",
        ].joined(separator: "\t") + "\n"
    }

    /// Lowercase hex SHA-256 of the canonical content of `entries`.
    public static func sha256(of entries: [HotlistEntry]) -> String {
        var hasher = SHA256()
        for entry in entries { hasher.update(data: Array(line(for: entry).utf8)) }
        return StoredHotlistFormat.hex(hasher.finalize())
    }

    /// Lowercase hex SHA-256 of a file's bytes, as given.
    public static func fileSHA256(of bytes: [UInt8]) -> String {
        StoredHotlistFormat.hex(SHA256.hash(data: bytes))
    }

    /// The entries of a list file, as an import would store them.
    public static func entries(parsing bytes: [UInt8], file: String, format: HotlistFileFormat, settings: ListSettings) throws(HotlistStoreError) -> [HotlistEntry] {
        var bytes = bytes
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = bytes.withUnsafeMutableBufferPointer { buffer in
                (1...buffer.count).first { String(validating: buffer[..<$0], as: UTF8.self) == nil }.map { $0 - 1 } ?? 0
            }
            throw .notUTF8(file: file, offset: offset)
        }
        do {
            return try format.parse(text, file: file, settings: settings)
        } catch {
            throw .refused(error)
        }
    }
}
