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
        var symbols = [UInt8]()
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"): continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"): symbols.append(byte - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "?"), UInt8(ascii: "*"):
                symbols.append(byte)
            default:
                throw PolicyError(.invalidField, "plate pattern '\(raw)' contains '\(Character(Unicode.Scalar(byte)))'; use letters, digits, ? and *")
            }
        }
        guard !symbols.isEmpty, symbols.count <= Self.maximumLength else {
            throw PolicyError(.invalidField, "plate pattern '\(raw)' must have 1 to \(Self.maximumLength) characters")
        }
        self.symbols = symbols
        self.text = String(decoding: symbols, as: UTF8.self)
    }

    public var description: String { text }

    public var isExactPlate: Bool { !symbols.contains(UInt8(ascii: "?")) && !symbols.contains(UInt8(ascii: "*")) }

    public var knownCharacterCount: Int { symbols.filter { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "*") }.count }

    /// Too unspecific to count as a plate: a sweep.
    public var isSweep: Bool { knownCharacterCount < Self.minimumKnownCharacters }

    public func matches(plate: String) -> Bool {
        guard let exact = try? PlatePattern(plate), exact.isExactPlate else { return false }
        return exact.isContained(in: self)
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
