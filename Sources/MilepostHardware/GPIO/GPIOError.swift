import SystemPackage

/// Why a GPIO operation failed. Every case names the chip, and the line where there is one.
public enum GPIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No chip matches the name, label or path; `available` lists the chips that do exist.
    case noSuchChip(String, available: [GPIOChipSummary])
    case lineOutOfRange(chip: String, line: Int, lineCount: Int)
    /// Another consumer holds the line. `consumer` is its label, when the kernel reports one.
    case lineBusy(chip: String, line: Int, consumer: String?)
    case permissionDenied(chip: String, line: Int?)
    /// The same line requested twice by this program (for example listed twice in a board file).
    case alreadyRequested(chip: String, line: Int)
    case lineReleased(chip: String, line: Int)
    case system(operation: String, chip: String, line: Int?, Errno)

    public var description: String {
        switch self {
        case let .noSuchChip(name, available):
            let list = available.isEmpty
                ? "no GPIO chips exist on this machine"
                : "chips that exist: " + available.map(\.description).joined(separator: ", ")
            return "no GPIO chip '\(name)' (\(list))"
        case let .lineOutOfRange(chip, line, count):
            return "line \(line) is out of range on \(chip), which has lines 0...\(count - 1)"
        case let .lineBusy(chip, line, consumer):
            return "line \(line) on \(chip) is busy, held by \(consumer.map { "'\($0)'" } ?? "an unnamed consumer")"
        case let .permissionDenied(chip, line):
            let what = line.map { "line \($0) on \(chip)" } ?? chip
            return "permission denied opening \(what) (run as root or add the user to the gpio group)"
        case let .alreadyRequested(chip, line):
            return "line \(line) on \(chip) is requested twice by this program"
        case let .lineReleased(chip, line):
            return "line \(line) on \(chip) was already released"
        case let .system(operation, chip, line, error):
            let what = line.map { "line \($0) on \(chip)" } ?? chip
            return "\(operation) failed for \(what): \(error)"
        }
    }
}

/// A chip as listed in error messages and by `milepost board check`.
public struct GPIOChipSummary: Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var label: String
    public var lineCount: Int

    public init(name: String, label: String, lineCount: Int) {
        self.name = name
        self.label = label
        self.lineCount = lineCount
    }

    public var description: String { "\(name) [\(label)] with \(lineCount) lines" }
}
