import MilepostCore

/// The lookup structure of one hotlist. Cost per read does not grow with the list:
///
/// - every complete entry is filed under its look-alike class key; a read looks up its own
///   key once and only checks the entries in that bucket (usually one);
/// - on serious lists, entries are also filed under keys with one or two positions
///   unknown, so a read looks up a fixed number of masked keys (at most 55 for a
///   ten-character plate) to find partial entries, and a read with one unreadable
///   character finds complete entries.
///
/// Candidates are then verified: substitutions must be look-alikes and no more than the
/// list allows; at most two characters in all may be unknown.
public struct HotlistIndex: Sendable {
    public static let maximumUnknownCharacters = 2

    public let entries: [HotlistEntry]
    private let lookalikeSubstitutions: Int
    private let serious: Bool
    private var firstByKey: [PlateKey: Int32] = [:]
    private var nextInBucket: [Int32]
    private var masked: [PlateKey: [Int32]] = [:]

    public init(entries: [HotlistEntry], settings: ListSettings) {
        self.entries = entries
        self.lookalikeSubstitutions = settings.lookalikeSubstitutions
        self.serious = settings.serious
        nextInBucket = Array(repeating: -1, count: entries.count)
        firstByKey.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let characters = entry.plate.characters
            let unknown = entry.plate.unknownPositions
            switch unknown.count {
            case 0:
                let key = PlateKey(canonicalOf: characters)
                if let first = firstByKey[key] { nextInBucket[index] = first }
                firstByKey[key] = Int32(index)
                if serious {
                    for position in characters.indices { file(index, PlateKey(canonicalOf: characters, masking: (position, -1))) }
                }
            case 1 where serious:
                file(index, PlateKey(canonicalOf: characters))
                for position in characters.indices where position != unknown[0] {
                    file(index, PlateKey(canonicalOf: characters, masking: (position, -1)))
                }
            case 2 where serious:
                file(index, PlateKey(canonicalOf: characters))
            default:
                break  // the importer refuses these; nothing to match against
            }
        }
    }

    private mutating func file(_ index: Int, _ key: PlateKey) {
        masked[key, default: []].append(Int32(index))
    }

    public struct Match: Hashable, Sendable {
        public let entryIndex: Int
        public let substitutions: Int
        public let unknownCharacters: Int
    }

    public func lookup(_ read: PlateText) -> [Match] {
        let characters = read.characters
        let unknown = read.unknownPositions
        var found: [Match] = []
        var seen: Set<Int32> = []

        func consider(_ index: Int32) {
            guard seen.insert(index).inserted, let match = verify(read: characters, entry: Int(index)) else { return }
            found.append(match)
        }

        if unknown.isEmpty {
            var cursor = firstByKey[PlateKey(canonicalOf: characters)] ?? -1
            while cursor >= 0 {
                consider(cursor)
                cursor = nextInBucket[Int(cursor)]
            }
        }
        guard serious, unknown.count <= 1 else { return found }
        for first in characters.indices {
            if unknown.count == 1 && first != unknown[0] { continue }
            masked[PlateKey(canonicalOf: characters, masking: (first, -1))]?.forEach(consider)
            for second in characters.indices where second > first || (unknown.count == 1 && second != first) {
                masked[PlateKey(canonicalOf: characters, masking: (first, second))]?.forEach(consider)
            }
        }
        return found
    }

    private func verify(read: [UInt8], entry index: Int) -> Match? {
        let plate = entries[index].plate.characters
        guard plate.count == read.count else { return nil }
        var substitutions = 0
        var unknown = 0
        for position in read.indices {
            let r = read[position], e = plate[position]
            if r == PlateText.unknownCharacter || e == PlateText.unknownCharacter {
                unknown += 1
            } else if r != e {
                guard LookalikeTable.areLookalikes(r, e) else { return nil }
                substitutions += 1
            }
        }
        guard substitutions <= lookalikeSubstitutions, unknown <= Self.maximumUnknownCharacters else { return nil }
        guard unknown == 0 || serious else { return nil }
        return Match(entryIndex: index, substitutions: substitutions, unknownCharacters: unknown)
    }
}
