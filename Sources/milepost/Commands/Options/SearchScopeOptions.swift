import ArgumentParser
import MilepostCore
import MilepostPolicy

/// `--plate`, `--from` and `--to` of `milepost search`: what the search asks for.
struct SearchScopeOptions: ParsableArguments {
    @Option(help: "Plate or plate pattern: ? is one unknown character, * any run (omit only if the approval allows searches without a plate).")
    var plate: String?

    @Option(help: "Earliest capture time, RFC 3339 UTC (e.g. 2026-11-20T00:00:00Z).")
    var from: String?

    @Option(help: "Latest capture time, RFC 3339 UTC.")
    var to: String?

    /// The query; `milepost search` has made sure `--from` and `--to` are given.
    func query(kind: SearchQuery.Kind) throws -> SearchQuery {
        let pattern = try plate.map { (text) throws(ValidationError) in
            do { return try PlatePattern(text) } catch { throw ValidationError("--plate: \(error)") }
        }
        return SearchQuery(kind: kind, plate: pattern,
                           from: try PolicyCLI.time(from!, option: "--from"), to: try PolicyCLI.time(to!, option: "--to"))
    }
}
