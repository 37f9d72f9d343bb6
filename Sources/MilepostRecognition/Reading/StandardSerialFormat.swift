/// The shapes of the serials US states issue on standard plates, separators removed: `L` a
/// letter, `D` a digit. Written from the states' published current and recent passenger,
/// commercial and taxi series (for example California 1ABC234 as `DLLLDDD`, Missouri AB1 C2D as
/// `LLDLDL`, New Jersey A12 BCD as `LDDLLL`, New York taxi T123456C as `LDDDDDDL`), never
/// from the evaluation folders' labels. Vanity and special plates follow none of them, so a
/// shape is a prior that ranks readings, never a filter (`PlateFormat.allows` is the filter).
public enum StandardSerialFormat {
    public static let shapes: Set<String> = [
        // 7 characters
        "LLLDDDD", "DLLLDDD", "DLLDDDD", "LLDDDDD", "LDDDDDD", "DDDDDDD", "DDDDDLL", "DDLLDDD",
        "DLDDDDD", "DDDDDDL",
        // 6 characters
        "LLLDDD", "DDDLLL", "LLDLDL", "LDDLLL", "LLLDDL", "LLLDLL", "LLLLDD", "DLLLDD", "DLLDDD",
        "DDLDDD", "DDDLDD", "LDDDLL", "DDDDLL", "LLDDDD", "DDDDDD", "DLDDDD", "LLDLDD", "LLDDDL",
        // 5 characters
        "LLDDD", "DDDLL", "LLLDD", "DDLLL", "DDDDD", "LDDDD", "DLDDL",
        // 4 and 8 characters
        "DDDD", "LDDDDDDL",
    ]

    /// `shapes` by length, each as one flag per character: whether it is a digit position.
    private static let digitPositionsByLength: [Int: [[Bool]]] =
        Dictionary(grouping: shapes.map { $0.map { $0 == "D" } }, by: \.count)

    /// Whether `text` has one of the standard shapes. A `0` also stands for the letter O,
    /// since readings (like the labels) write O as zero.
    public static func matches(_ text: String) -> Bool {
        let characters = Array(text.unicodeScalars)
        guard let candidates = digitPositionsByLength[characters.count] else { return false }
        return candidates.contains { digitPositions in
            zip(digitPositions, characters).allSatisfy { isDigitPosition, character in
                let digit = character >= "0" && character <= "9"
                return isDigitPosition ? digit : (!digit || character == "0")
            }
        }
    }
}
