/// What a load of the stored lists changed in what the unit matches: each is audited by the
/// unit with the list's content hash.
public enum HotlistChange: Sendable, Equatable {
    /// The unit now matches this version of the list under its approval; `replacing` is the
    /// version it matched before, if any.
    case installed(name: String, version: Int, sha256: String, entryCount: Int, approval: ListApproval, replacing: Int?)
    /// The stored list is not matched: its approval is missing or did not pass, or it cannot be
    /// read. `sha256` is nil when the file could not be read at all.
    case refused(name: String, version: Int?, sha256: String?, reason: String)
    /// The list is no longer stored.
    case removed(name: String, version: Int)
    /// An import refused by another process; `record` names the file to discard once audited.
    case importRefused(RefusedImportRecord, record: String)

    public var listName: String {
        switch self {
        case .installed(let name, _, _, _, _, _), .refused(let name, _, _, _), .removed(let name, _): return name
        case .importRefused(let refusal, _): return refusal.list
        }
    }
}
