/// Percentages as the evaluation prints them: one decimal, rounded half up, "n/a" of nothing.
public enum Percent {
    public static func format(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "n/a" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
