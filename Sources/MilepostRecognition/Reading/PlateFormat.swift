/// Which texts a US plate can carry. Deliberately permissive (vanity plates are free-form):
/// 2 to 8 characters from `0-9` and `A-Z` without the letter `O` (US labels use zero), and
/// not a single character repeated across the whole plate when longer than 3 (these come
/// from grilles, fences and stripes, not from plates).
public enum PlateFormat {
    public static let lengths = 2...8

    public static func allows(_ text: String) -> Bool {
        guard lengths.contains(text.count) else { return false }
        for ch in text.unicodeScalars {
            let digit = ch >= "0" && ch <= "9"
            let letter = ch >= "A" && ch <= "Z" && ch != "O"
            if !digit && !letter { return false }
        }
        if text.count > 3, let first = text.first, text.allSatisfy({ $0 == first }) { return false }
        return true
    }

    /// Upper case, no spaces or dashes, letter O read as zero: the labels' convention.
    public static func normalise(_ text: String) -> String {
        String(text.uppercased().filter { $0 != " " && $0 != "-" }.map { $0 == "O" ? "0" : $0 })
    }
}
