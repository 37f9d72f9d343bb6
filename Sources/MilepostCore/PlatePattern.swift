/// A plate or a partial plate to search for: `?` stands for exactly one unknown character and
/// `*` for any run of them (including none). Normalised as `PlateText` is, so "cjo-123" and
/// "CJ0123" are the same pattern; at most `PlateText.maximumLength` characters besides `*`.
public struct PlatePattern: Hashable, Sendable, CustomStringConvertible {
    /// Fewer known characters than this, held in place relative to each other, and a pattern is
    /// a sweep (policy 10.05 §IV): see `isSweep`.
    public static let minimumKnownCharacters = 3

    /// What makes a pattern a sweep (`isSweep`), in words for refusals.
    public static let sweepRule = "fewer than \(minimumKnownCharacters) known characters held in place, counting those in one stretch "
        + "without '*' ('?' holds a place) or in the first and last stretches together when the pattern neither starts nor ends with '*'"

    /// The normalised pattern.
    public let text: String
    private let symbols: [UInt8]

    public init(_ raw: some StringProtocol) throws(PlateTextError) {
        self.init(symbols: try PlateCharacters.normalise(raw, allowing: [PlateCharacters.unknown, PlateCharacters.anyRun], as: .pattern))
    }

    /// The pattern that matches `plate` alone (a partial plate's `?` stays one unknown character).
    public init(exactly plate: PlateText) {
        self.init(symbols: plate.characters)
    }

    private init(symbols: [UInt8]) {
        self.symbols = symbols
        self.text = String(decoding: symbols, as: UTF8.self)
    }

    public var description: String { text }

    public var isExactPlate: Bool { !symbols.contains(PlateCharacters.unknown) && !symbols.contains(PlateCharacters.anyRun) }

    public var knownCharacterCount: Int { symbols.filter { $0 != PlateCharacters.unknown && $0 != PlateCharacters.anyRun }.count }

    /// How many known characters the pattern holds in place relative to each other: the most in
    /// one stretch between `*`s, or in the first and last stretches together, which are pinned to
    /// the plate's two ends. Characters scattered between wildcards (`*1*2*3*`) each float alone.
    public var knownCharactersHeldInPlace: Int {
        let stretches = symbols.split(separator: PlateCharacters.anyRun, omittingEmptySubsequences: false)
            .map { stretch in stretch.count { $0 != PlateCharacters.unknown } }
        // A pattern starting or ending with `*` has an empty first or last stretch, so the sum
        // is then no more than one stretch alone.
        return max(stretches.max() ?? 0, stretches.count > 1 ? stretches[0] + stretches[stretches.count - 1] : 0)
    }

    /// Too unspecific to count as a plate: a sweep (`*`, `A*`, `*1*2*3*`, `A*B*C`), as opposed to
    /// the partial plates an officer types (`ABC*`, `*1234`, `AB?123`, `*ABC*`, `AB*12`).
    public var isSweep: Bool { knownCharactersHeldInPlace < Self.minimumKnownCharacters }

    /// Whether a fully read plate matches; a partial plate never does.
    public func matches(_ plate: PlateText) -> Bool {
        !plate.isPartial && matches(characters: plate.characters)
    }

    /// Whether normalised plate characters match: iterative wildcard matching that backtracks
    /// only to the last `*`, linear in practice (the read store runs it over every plate it holds).
    public func matches(characters plate: some RandomAccessCollection<UInt8>) -> Bool {
        let plate = Array(plate)
        var p = 0, s = 0
        var starP = -1, starS = 0
        while s < plate.count {
            if p < symbols.count && (symbols[p] == PlateCharacters.unknown || symbols[p] == plate[s]) {
                p += 1
                s += 1
            } else if p < symbols.count && symbols[p] == PlateCharacters.anyRun {
                starP = p
                starS = s
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starS += 1
                s = starS
            } else {
                return false
            }
        }
        while p < symbols.count && symbols[p] == PlateCharacters.anyRun { p += 1 }
        return p == symbols.count
    }

    /// True when every plate this pattern matches is matched by `other`. Conservative: a `?` or
    /// `*` here must be covered by a wildcard there, so it may say no to an odd true inclusion,
    /// never yes to a false one.
    public func isContained(in other: PlatePattern) -> Bool {
        let q = symbols, a = other.symbols
        var memo = [Int: Bool]()
        func included(_ i: Int, _ j: Int) -> Bool {
            let key = i * (a.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if j == a.count {
                result = i == q.count
            } else if a[j] == PlateCharacters.anyRun {
                result = included(i, j + 1) || (i < q.count && included(i + 1, j))
            } else if i == q.count || q[i] == PlateCharacters.anyRun {
                result = false
            } else if a[j] == PlateCharacters.unknown {
                result = included(i + 1, j + 1)
            } else {
                result = q[i] == a[j] && included(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return included(0, 0)
    }
}
