/// Plate text as the matcher sees it: upper-case letters and digits, no separators.
/// A hotlist entry for a serious list may also contain `?` for a character the
/// reporting witness did not see (written `?` or `*` in the import file).
public struct PlateText: Hashable, Sendable, CustomStringConvertible, Codable {
    public static let maximumLength = 10
    public static let unknownCharacter: UInt8 = UInt8(ascii: "?")

    public let characters: [UInt8]

    public var description: String { String(decoding: characters, as: UTF8.self) }
    public var unknownPositions: [Int] { characters.indices.filter { characters[$0] == Self.unknownCharacter } }
    public var isPartial: Bool { characters.contains(Self.unknownCharacter) }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case tooLong(Int)
        case invalidCharacter(Character)

        public var description: String {
            switch self {
            case .empty: return "plate is empty"
            case .tooLong(let count): return "plate has \(count) characters; at most \(PlateText.maximumLength) are allowed"
            case .invalidCharacter(let character): return "plate contains '\(character)'; only letters, digits, and ? or * for an unknown character are allowed"
            }
        }
    }

    /// Normalises `text`: upper-cases it, drops spaces, hyphens and dots, maps `*` to `?`.
    public init(normalizing text: some StringProtocol) throws(Problem) {
        var result: [UInt8] = []
        for character in text {
            if character == " " || character == "-" || character == "." || character == "\t" { continue }
            guard let ascii = character.asciiValue else { throw .invalidCharacter(character) }
            switch ascii {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): result.append(ascii - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): result.append(ascii)
            case UInt8(ascii: "?"), UInt8(ascii: "*"): result.append(Self.unknownCharacter)
            default: throw .invalidCharacter(character)
            }
        }
        if result.isEmpty { throw .empty }
        if result.count > Self.maximumLength { throw .tooLong(result.count) }
        self.characters = result
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try PlateText(normalizing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
