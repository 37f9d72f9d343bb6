import MilepostSystem

public enum HotlistStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidListName(String)
    case refused(HotlistImportError)
    /// An entry handed to the store directly (not parsed from a file) breaks `EntryTextRules`;
    /// `index` counts from 1.
    case entryRefused(list: String, index: Int, field: String, problem: EntryTextRules.Problem)
    case notUTF8(file: String, offset: Int)
    /// The list's approval is missing or does not approve this content and these settings.
    case notApproved(list: String, sha256: String, reason: String)
    case fileSystem(FileError)

    public var description: String {
        switch self {
        case .invalidListName(let name):
            return "list name '\(name)' is not allowed: use 1–64 letters, digits, '-', '_' or '.', not starting with '.'"
        case .refused(let error): return "import refused; the previous list stays active:\n\(error)"
        case .entryRefused(let list, let index, let field, let problem):
            let prefix = problem.isPersonalData ? "refused (DPPA): " : ""
            return "list \(list), entry \(index), field \(field): \(prefix)\(problem); the previous list stays active"
        case .notUTF8(let file, let offset): return "\(file): byte \(offset) is not valid UTF-8"
        case .notApproved(let list, let sha256, let reason):
            return "list \(list) (content SHA-256 \(sha256)) is not approved; the previous list stays active: \(reason)"
        case .fileSystem(let error): return "storing the list failed; the previous list stays active: \(error)"
        }
    }
}
