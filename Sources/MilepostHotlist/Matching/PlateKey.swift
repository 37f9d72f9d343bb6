import MilepostCore

/// A plate's look-alike class string packed into 64 bits: six bits per character
/// (1–10 digits, 11–36 letters, 37 unknown), zero after the last. Hashing an integer keeps
/// the index small and lookups cheap with a million entries.
struct PlateKey: Hashable {
    let rawValue: UInt64

    /// The canonical key of `characters`, with the positions in `masked` made unknown.
    init(canonicalOf characters: [UInt8], masking masked: (Int, Int) = (-1, -1)) {
        var value: UInt64 = 0
        for (position, character) in characters.enumerated() {
            let byte = position == masked.0 || position == masked.1 ? PlateText.unknownCharacter : LookalikeTable.canonical(character)
            value = value << 6 | Self.code(byte)
        }
        rawValue = value
    }

    private static func code(_ byte: UInt8) -> UInt64 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(byte - UInt8(ascii: "0")) + 1
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt64(byte - UInt8(ascii: "A")) + 11
        default: return 37
        }
    }
}
