/// A plate or a partial plate: letters and digits, `?` for exactly one unknown character and
/// `*` for any run of them. Spaces and hyphens are dropped and letters upper-cased, so
/// "abc-123" and "ABC123" are the same plate.
public struct PlatePattern: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    private let symbols: [UInt8]

    public static let maximumLength = 12
    /// Fewer known characters than this and a query is treated as having no plate: "*" or
    /// "A*" would sweep everything (policy 10.05 §IV).
    public static let minimumKnownCharacters = 3

    public init(_ raw: String) throws {
        let symbols: [UInt8]
        switch Self.normalise(raw) {
        case .failure(let bad):
            throw PolicyError(.invalidField, "plate pattern '\(raw)' contains '\(Character(Unicode.Scalar(bad.byte)))'; use letters, digits, ? and *")
        case .success(let normalised):
            symbols = normalised
        }
        guard !symbols.isEmpty, symbols.count <= Self.maximumLength else {
            throw PolicyError(.invalidField, "plate pattern '\(raw)' must have 1 to \(Self.maximumLength) characters")
        }
        self.init(symbols: symbols)
    }

    private init(symbols: [UInt8]) {
        self.symbols = symbols
        self.text = String(decoding: symbols, as: UTF8.self)
    }

    private struct Foreign: Error { var byte: UInt8 }

    /// Upper-cased, without spaces and hyphens; or the first byte that is not allowed.
    private static func normalise(_ raw: String) -> Result<[UInt8], Foreign> {
        var symbols = [UInt8]()
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"): continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"): symbols.append(byte - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "?"), UInt8(ascii: "*"):
                symbols.append(byte)
            default:
                return .failure(Foreign(byte: byte))
            }
        }
        return .success(symbols)
    }

    public var description: String { text }

    public var isExactPlate: Bool { !symbols.contains(UInt8(ascii: "?")) && !symbols.contains(UInt8(ascii: "*")) }

    public var knownCharacterCount: Int { symbols.filter { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "*") }.count }

    /// Too unspecific to count as a plate: a sweep.
    public var isSweep: Bool { knownCharacterCount < Self.minimumKnownCharacters }

    /// Whether a read plate (any length, spaces and hyphens allowed) matches this pattern.
    public func matches(plate: String) -> Bool {
        guard case .success(let symbols) = Self.normalise(plate), !symbols.isEmpty else { return false }
        let exact = PlatePattern(symbols: symbols)
        return exact.isExactPlate && exact.isContained(in: self)
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
            } else if a[j] == UInt8(ascii: "*") {
                result = included(i, j + 1) || (i < q.count && included(i + 1, j))
            } else if i == q.count || q[i] == UInt8(ascii: "*") {
                result = false
            } else if a[j] == UInt8(ascii: "?") {
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
