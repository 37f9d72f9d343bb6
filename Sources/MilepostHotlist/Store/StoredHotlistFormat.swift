import Crypto
import Foundation
import MilepostCore

/// The on-disk form of an imported list, `<directory>/<name>.hotlist`:
///
///     MILEPOST-HOTLIST 2
///     {"name":…,"priority":…,"version":…,"importedAt":…,"entryCount":…,"approval":…}  (one JSON line)
///     plate <TAB> state <TAB> code <TAB> entered <TAB> expires <TAB> source <TAB> reason <TAB> case
///     …                                                                      (entryCount lines)
///     END <SHA-256 of every byte before this line, hex>
///
/// The entry lines are the list's canonical content (`HotlistContent`); `approval` is the
/// signed hotlist approval token, checked again at every load. Files written as
/// `MILEPOST-HOTLIST 1` have no case field and are still read. Every
/// entry's text is checked against `EntryTextRules` again on load: a list stored before the
/// rules (or edited on disk) whose text does not pass is unreadable, and so never matched.
///
/// The file is only ever written whole through `replaceAtomically`, so a crash leaves the
/// previous version; the digest catches media corruption.
enum StoredHotlistFormat {
    static let magic = "MILEPOST-HOTLIST 2"
    /// The first version, without the case field.
    static let magicWithoutCase = "MILEPOST-HOTLIST 1"

    struct Header: Codable, Equatable {
        var name: String
        var priority: ListPriority
        var lookalikeSubstitutions: Int
        var serious: Bool
        var version: Int
        var importedAt: Int64
        var sourceFile: String
        var entryCount: Int
        /// Absent in lists stored before approvals: such a list loads but is never matched.
        var approval: String?
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case notAHotlist
        case badHeader(String)
        case badEntry(line: Int, String)
        case digestMismatch
        case truncated

        var description: String {
            switch self {
            case .notAHotlist: return "not a stored hotlist (bad first line)"
            case .badHeader(let why): return "bad header: \(why)"
            case .badEntry(let line, let why): return "line \(line): \(why)"
            case .digestMismatch: return "SHA-256 does not match; the file is corrupt"
            case .truncated: return "file ends before its END line"
            }
        }
    }

    static func encode(_ list: ActiveHotlist) -> [UInt8] {
        let header = Header(
            name: list.settings.name, priority: list.settings.priority,
            lookalikeSubstitutions: list.settings.lookalikeSubstitutions, serious: list.settings.serious,
            version: list.version, importedAt: list.importedAt, sourceFile: list.sourceFile,
            entryCount: list.entryCount, approval: list.approval?.token)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var text = magic + "\n" + String(decoding: (try? encoder.encode(header)) ?? Data(), as: UTF8.self) + "\n"
        for entry in list.index.entries { text += HotlistContent.line(for: entry) }
        return sealed(Array(text.utf8))
    }

    /// `body` followed by its END line.
    static func sealed(_ body: [UInt8]) -> [UInt8] {
        body + Array("END \(hex(SHA256.hash(data: body)))\n".utf8)
    }

    /// A stored list as read back: its entries and settings, and the approval token it was
    /// stored with, not yet checked.
    struct Decoded {
        var header: Header
        var settings: ListSettings
        var entries: [HotlistEntry]

        func list(approval: ListApproval?) -> ActiveHotlist {
            ActiveHotlist(settings: settings, version: header.version, importedAt: header.importedAt, sourceFile: header.sourceFile,
                          entries: entries, approval: approval)
        }
    }

    static func decode(_ bytes: [UInt8]) throws(Problem) -> Decoded {
        guard let endStart = findEndLine(bytes) else { throw .truncated }
        let body = bytes[..<endStart]
        let trailer = String(decoding: bytes[endStart...], as: UTF8.self)
        guard trailer == "END \(hex(SHA256.hash(data: body)))\n" else { throw .digestMismatch }

        let lines = String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let fieldCount: Int
        switch lines.first {
        case Substring(magic): fieldCount = 8
        case Substring(magicWithoutCase): fieldCount = 7
        default: throw .notAHotlist
        }
        guard lines.count >= 2 else { throw .badHeader("missing") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(lines[lines.startIndex + 1].utf8))
        } catch {
            throw .badHeader("\(error)")
        }
        let entryLines = lines.dropFirst(2)
        guard entryLines.count == header.entryCount else { throw .badHeader("says \(header.entryCount) entries, file has \(entryLines.count)") }

        var entries: [HotlistEntry] = []
        entries.reserveCapacity(header.entryCount)
        for (offset, line) in entryLines.enumerated() {
            let lineNumber = offset + 3
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == fieldCount else { throw .badEntry(line: lineNumber, "has \(fields.count) fields, expected \(fieldCount)") }
            let plate: PlateText
            do { plate = try PlateText(normalizing: fields[0]) } catch { throw .badEntry(line: lineNumber, error.description) }
            guard let code = ListCode(rawValue: String(fields[2])), let entered = Int64(fields[3])
            else { throw .badEntry(line: lineNumber, "unreadable code or date") }
            let expires = fields[4].isEmpty ? nil : Int64(fields[4])
            let caseNumber = fieldCount == 8 && !fields[7].isEmpty ? String(fields[7]) : nil
            let entry = HotlistEntry(
                plate: plate, state: fields[1].isEmpty ? nil : String(fields[1]), code: code,
                reason: String(fields[6]), entered: entered, expires: expires, source: String(fields[5]), caseNumber: caseNumber)
            if let refused = EntryTextRules.firstProblem(in: entry) {
                throw .badEntry(line: lineNumber, "\(refused.field) \(refused.problem)")
            }
            entries.append(entry)
        }
        let settings = ListSettings(
            name: header.name, priority: header.priority,
            lookalikeSubstitutions: header.lookalikeSubstitutions, serious: header.serious)
        return Decoded(header: header, settings: settings, entries: entries)
    }

    private static func findEndLine(_ bytes: [UInt8]) -> Int? {
        guard bytes.last == UInt8(ascii: "\n") else { return nil }
        var index = bytes.count - 2
        while index >= 0 && bytes[index] != UInt8(ascii: "\n") { index -= 1 }
        let start = index + 1
        guard bytes[start...].starts(with: Array("END ".utf8)) else { return nil }
        return start
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
