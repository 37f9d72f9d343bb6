import ArgumentParser
import MilepostHotlist

/// Parsing shared by the commands that read hotlist files (import and approve-hotlist).
enum HotlistCLI {
    /// `--format`, or a guess from the file name.
    static func format(_ option: String?, file: String) throws -> HotlistFileFormat {
        guard let option else { return HotlistFileFormat.guess(fromPath: file) }
        guard let parsed = HotlistFileFormat(rawValue: option.lowercased()) else { throw ValidationError("--format must be csv or ncic, not '\(option)'") }
        return parsed
    }

    static func priority(_ name: String) throws -> ListPriority {
        guard let priority = ListPriority(name: name) else { throw ValidationError("--priority must be routine, elevated or high, not '\(name)'") }
        return priority
    }

    static func lookalike(_ count: Int) throws -> Int {
        guard (0...ListSettings.maximumLookalikeSubstitutions).contains(count) else {
            throw ValidationError("--lookalike must be 0...\(ListSettings.maximumLookalikeSubstitutions), not \(count)")
        }
        return count
    }
}
