import MilepostCore

/// A read matched against one hotlist entry.
public struct HotlistHit: Sendable, Hashable {
    public enum Kind: Hashable, Sendable {
        case exact
        /// Equal after `substitutions` look-alike replacements (0/O, 8/B...).
        case lookalike(substitutions: Int)
        /// A serious list's partial plate or a read with an unreadable character.
        case partial(unknownCharacters: Int, substitutions: Int)

        public var summary: String {
            switch self {
            case .exact: return "exact"
            case .lookalike(let count): return "look-alike (\(count) character\(count == 1 ? "" : "s") substituted)"
            case .partial(let unknown, let substituted):
                return "partial (\(unknown) unknown" + (substituted > 0 ? ", \(substituted) substituted)" : ")")
            }
        }
    }

    public let list: ListSettings
    public let listVersion: Int
    public let entry: HotlistEntry
    public let read: PlateRead
    public let kind: Kind
    /// Read confidence discounted for substitutions, unknown characters and a state that
    /// disagrees with the entry's. Used with the list priority to rank hits.
    public let score: Double

    /// nil when either side does not know the state.
    public var stateAgrees: Bool? {
        guard let readState = read.state, let entryState = entry.state else { return nil }
        return readState == entryState
    }

    init(list: ListSettings, listVersion: Int, entry: HotlistEntry, read: PlateRead, match: HotlistIndex.Match) {
        self.list = list
        self.listVersion = listVersion
        self.entry = entry
        self.read = read
        if match.unknownCharacters > 0 {
            kind = .partial(unknownCharacters: match.unknownCharacters, substitutions: match.substitutions)
        } else if match.substitutions > 0 {
            kind = .lookalike(substitutions: match.substitutions)
        } else {
            kind = .exact
        }
        var score = read.confidence.fraction
        for _ in 0..<match.substitutions { score *= 0.85 }
        for _ in 0..<match.unknownCharacters { score *= 0.7 }
        if let readState = read.state, let entryState = entry.state, readState != entryState { score *= 0.8 }
        self.score = score
    }

    /// Higher list priority first, then higher score; ties broken by list name then plate
    /// so the order is stable.
    public static func ranksBefore(_ a: HotlistHit, _ b: HotlistHit) -> Bool {
        if a.list.priority != b.list.priority { return a.list.priority > b.list.priority }
        if a.score != b.score { return a.score > b.score }
        if a.list.name != b.list.name { return a.list.name < b.list.name }
        return a.entry.plate.description < b.entry.plate.description
    }
}
