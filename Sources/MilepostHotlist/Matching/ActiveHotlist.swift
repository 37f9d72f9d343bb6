import MilepostCore

/// A complete, indexed hotlist as it is matched. Immutable: a replacement builds a new one
/// and swaps it in whole.
public final class ActiveHotlist: Sendable {
    public let settings: ListSettings
    public let version: Int
    public let importedAt: Int64
    public let sourceFile: String
    public let index: HotlistIndex
    /// SHA-256 of the canonical content (`HotlistContent`): what an approval names.
    public let contentSHA256: String
    /// The approval it is matched under; the list is matched only inside its window. The
    /// store never holds an active list without one; nil only for lists built directly.
    public let approval: ListApproval?

    public init(settings: ListSettings, version: Int, importedAt: Int64, sourceFile: String, entries: [HotlistEntry], approval: ListApproval? = nil) {
        self.settings = settings
        self.version = version
        self.importedAt = importedAt
        self.sourceFile = sourceFile
        self.index = HotlistIndex(entries: entries, settings: settings)
        self.contentSHA256 = HotlistContent.sha256(of: entries)
        self.approval = approval
    }

    public var entryCount: Int { index.entries.count }

    func hits(for read: PlateRead, at time: Int64) -> [HotlistHit] {
        if let approval, !approval.isInForce(at: time) { return [] }
        return index.lookup(read.plate).compactMap { match in
            let entry = index.entries[match.entryIndex]
            guard entry.isActive(at: time) else { return nil }
            return HotlistHit(list: settings, listVersion: version, entry: entry, read: read, match: match)
        }
    }
}

/// The lists a read is matched against at one moment.
public struct HotlistMatcher: Sendable {
    public let lists: [ActiveHotlist]

    public init(lists: [ActiveHotlist]) { self.lists = lists }

    /// Hits on the lists named in `permitted` (the active targeting authorization), best first.
    /// Lists not permitted are never consulted.
    public func match(_ read: PlateRead, permitted: Set<String>, at time: Int64) -> [HotlistHit] {
        lists.lazy.filter { permitted.contains($0.settings.name) }
            .flatMap { $0.hits(for: read, at: time) }
            .sorted(by: HotlistHit.ranksBefore)
    }
}
