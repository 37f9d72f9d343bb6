/// The import formats a supervisor can hand to `milepost hotlist import`.
public enum HotlistFileFormat: String, CaseIterable, Sendable {
    case csv
    /// NCIC-style fixed-width extract; layout in `FixedWidthHotlistParser`.
    case ncic

    public func parse(_ text: String, file: String, settings: ListSettings) throws(HotlistImportError) -> [HotlistEntry] {
        switch self {
        case .csv: return try CSVHotlistParser.parse(text, file: file, settings: settings)
        case .ncic: return try FixedWidthHotlistParser.parse(text, file: file, settings: settings)
        }
    }

    /// `.csv` files are CSV; anything else is taken as a fixed-width extract.
    public static func guess(fromPath path: String) -> HotlistFileFormat {
        path.lowercased().hasSuffix(".csv") ? .csv : .ncic
    }
}
