/// The hint given with a refused key of a JSON file (board files and unit.json): the known key
/// it was most likely meant to be, or the keys allowed there.
public enum KeySuggestion {
    /// `did you mean "webhookReceivers"?` when a known key is a few edits away (ignoring case),
    /// otherwise `known keys: a, b, c`.
    public static func hint(for key: String, known: some Collection<String>) -> String {
        if let nearest = nearest(to: key, in: known) { return "did you mean \"\(nearest)\"?" }
        return "known keys: " + known.sorted().joined(separator: ", ")
    }

    /// The known key with the smallest edit distance to `key`, if that distance is small enough
    /// to be a typo (at most a third of the key's length, and at least 2 edits allowed).
    public static func nearest(to key: String, in known: some Collection<String>) -> String? {
        let limit = max(2, key.count / 3)
        let scored = known.map { (key: $0, distance: editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { ($0.distance, $0.key) < ($1.distance, $1.key) }), best.distance <= limit else {
            return nil
        }
        return best.key
    }

    /// Levenshtein distance: the fewest single-character insertions, deletions and substitutions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
