/// Splits text into the pieces the personal-data screen reasons about: runs of letters
/// (upper-cased), runs of digits, runs of blanks, and single punctuation marks, each with
/// the 1-based character position where it starts.
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
        var current: (kind: Kind, text: String, position: Int)?
        func flush() {
            if let current { atoms.append(Atom(kind: current.kind, text: current.text, position: current.position)) }
            current = nil
        }
        var position = 0
        for character in text {
            position += 1
            if ignoringDots && character == "." { continue }
            let kind: Kind
            var piece = String(character)
            if let digit = character.wholeNumberValue, character.isNumber, (0...9).contains(digit) {
                kind = .digits
                piece = String(digit)
            } else if character.isLetter {
                kind = .letters
                piece = character.uppercased()
            } else if character.isWhitespace {
                kind = .space
                piece = " "
            } else {
                kind = .mark
            }
            if let open = current, open.kind == kind, kind != .mark {
                if kind != .space { current?.text += piece }
            } else {
                flush()
                current = (kind, piece, position)
            }
        }
        flush()
        self.atoms = atoms
    }
}
