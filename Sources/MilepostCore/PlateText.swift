/// One plate as the unit reads, stores and matches it: upper-case letters and digits with no
/// separators, O read as 0 (see `PlateCharacters`), 1 to `maximumLength` characters. A partial
/// plate (a hotlist entry whose witness missed a character) has `?` where a character is unknown.
public struct PlateText: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, ExpressibleByStringLiteral {
    /// The most characters the reader emits; the read store's 16-byte plate key and the
    /// hotlist's 64-bit key (six bits a character) both hold this many.
    public static let maximumLength = 10
    public static let unknownCharacter = PlateCharacters.unknown

    /// The normalised characters, ASCII.
    public let characters: [UInt8]

    /// Normalises `text`; throws naming the text and the fault when it is not a plate.
    public init(normalizing text: some StringProtocol) throws(PlateTextError) {
        characters = try PlateCharacters.normalise(text, allowing: [Self.unknownCharacter], as: .plate)
    }

    /// For literals in code: a literal that is not a plate is a programming error.
    public init(stringLiteral text: String) {
        do { try self.init(normalizing: text) } catch { preconditionFailure("\(error)") }
    }

    public var description: String { String(decoding: characters, as: UTF8.self) }
    public var isPartial: Bool { characters.contains(Self.unknownCharacter) }
    public var unknownPositions: [Int] { characters.indices.filter { characters[$0] == Self.unknownCharacter } }

    public static func < (a: PlateText, b: PlateText) -> Bool { a.characters.lexicographicallyPrecedes(b.characters) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try PlateText(normalizing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
