/// Splits text into the pieces the personal-data screen reasons about: runs of letters
/// (upper-cased), runs of digits (any script's decimal digits, as ASCII), runs of blanks, and
/// single punctuation marks, each with the 1-based position (in Unicode scalars) where it
/// starts. Works on scalars rather than characters: a hotlist holds tens of thousands of
/// entries and the screen runs on every one at import and again at load.
struct TextAtoms {
    enum Kind: Equatable {
        case letters, digits, space, mark
    }

    struct Atom: Equatable {
        let kind: Kind
        let text: String
        let position: Int
    }

    let atoms: [Atom]

    /// With `ignoringDots`, full stops are dropped before splitting, so "D.O.B." reads as
    /// the word DOB and "P.O. Box" as PO BOX.
    init(_ text: String, ignoringDots: Bool = false) {
        var atoms: [Atom] = []
        var kind: Kind?
        var piece = String.UnicodeScalarView()
        var start = 0
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            if ignoringDots && scalar == "." { continue }
            let (next, normalised) = Self.classify(scalar)
            if next == kind, next != .mark {
                if next != .space { piece.append(normalised) }
                continue
            }
            if let kind { atoms.append(Atom(kind: kind, text: String(piece), position: start)) }
            kind = next
            piece = String.UnicodeScalarView()
            piece.append(normalised)
            start = position
        }
        if let kind { atoms.append(Atom(kind: kind, text: String(piece), position: start)) }
        self.atoms = atoms
    }

    private static func classify(_ scalar: Unicode.Scalar) -> (Kind, Unicode.Scalar) {
        switch scalar.value {
        case 0x30...0x39: return (.digits, scalar)
        case 0x41...0x5A: return (.letters, scalar)
        case 0x61...0x7A: return (.letters, Unicode.Scalar(scalar.value - 0x20)!)
        case 0x20, 0x09...0x0D: return (.space, " ")
        case 0x00..<0x80: return (.mark, scalar)
        default: break
        }
        let properties = scalar.properties
        if properties.numericType == .decimal, let value = properties.numericValue, (0...9).contains(value) {
            return (.digits, Unicode.Scalar(0x30 + UInt8(value)))
        }
        if properties.isAlphabetic { return (.letters, properties.uppercaseMapping.unicodeScalars.first ?? scalar) }
        if properties.isWhitespace { return (.space, " ") }
        return (.mark, scalar)
    }
}
