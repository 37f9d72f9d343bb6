/// How a hotlist is matched: set by the supervisor when the list is imported.
public struct ListSettings: Hashable, Sendable, Codable {
    /// Lists are named so that an authorization can permit them by name.
    public var name: String
    public var priority: ListPriority
    /// How many characters of a read may differ from the entry by a look-alike
    /// substitution (0/O, 8/B...). 0 means exact matching only.
    public var lookalikeSubstitutions: Int
    /// Serious lists (AMBER, wanted felony...) also accept partial plates: entries with
    /// unknown characters, and reads with one unreadable character.
    public var serious: Bool

    public static let maximumLookalikeSubstitutions = 3

    public init(name: String, priority: ListPriority = .routine, lookalikeSubstitutions: Int = 1, serious: Bool = false) {
        self.name = name
        self.priority = priority
        self.lookalikeSubstitutions = min(max(0, lookalikeSubstitutions), Self.maximumLookalikeSubstitutions)
        self.serious = serious
    }

    /// List names become file names; keep them to a safe alphabet.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.first != "." && name.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".")
        }
    }
}

/// Higher priorities rank first; `.high` lists are never rate-limited.
public enum ListPriority: Int, Comparable, CaseIterable, Codable, Sendable {
    case routine = 1
    case elevated = 2
    case high = 3

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init?(name: String) {
        switch name.lowercased() {
        case "routine": self = .routine
        case "elevated": self = .elevated
        case "high": self = .high
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .routine: return "routine"
        case .elevated: return "elevated"
        case .high: return "high"
        }
    }
}
