/// The one normalisation every plate and plate pattern goes through: letters upper-cased,
/// spaces, tabs, hyphens and dots dropped, and the letter O read as the digit 0, because the
/// reader's alphabet has no O (a plate's O and 0 look alike, so it always reads 0).
enum PlateCharacters {
    static let unknown = UInt8(ascii: "?")
    static let anyRun = UInt8(ascii: "*")

    enum Kind {
        case separator
        case symbol(UInt8)
        case invalid
    }

    /// What `scalar` becomes in a plate; `?` and `*` are returned as symbols for the caller to judge.
    static func classify(_ scalar: Unicode.Scalar) -> Kind {
        guard scalar.isASCII else { return .invalid }
        let byte = UInt8(scalar.value)
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "."): return .separator
        case UInt8(ascii: "o"), UInt8(ascii: "O"): return .symbol(UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return .symbol(byte - 32)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), unknown, anyRun: return .symbol(byte)
        default: return .invalid
        }
    }

    /// The normalised symbols of `text` (a run of `*` kept as one), or the error naming its first
    /// character outside `wildcards` (letters, digits and separators are always allowed).
    static func normalise(
        _ text: some StringProtocol, allowing wildcards: Set<UInt8>, as subject: PlateTextError.Subject
    ) throws(PlateTextError) -> [UInt8] {
        var symbols: [UInt8] = []
        for scalar in text.unicodeScalars {
            switch classify(scalar) {
            case .separator: continue
            case .symbol(anyRun) where wildcards.contains(anyRun) && symbols.last == anyRun: continue
            case .symbol(let byte) where (byte != unknown && byte != anyRun) || wildcards.contains(byte): symbols.append(byte)
            case .symbol, .invalid:
                throw PlateTextError(subject, String(text), .invalidCharacter(Character(scalar)))
            }
        }
        if symbols.isEmpty { throw PlateTextError(subject, String(text), .empty) }
        // A run of `*` may match no character, so it does not count toward a pattern's length.
        let length = symbols.count(where: { $0 != anyRun })
        if length > PlateText.maximumLength {
            throw PlateTextError(subject, String(text), .tooLong(length))
        }
        return symbols
    }
}
