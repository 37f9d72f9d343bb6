/// Why a board file could not be used. Each case names the file and, where it applies,
/// the field (as a dotted path such as `gpio.trigger.line`).
public enum BoardError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownBoard(String, directory: String, available: [String])
    case unreadable(file: String, reason: String)
    case malformedJSON(file: String, reason: String)
    case invalidField(file: String, field: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownBoard(name, directory, available):
            let list = available.isEmpty ? "no board files there" : "boards there: " + available.joined(separator: ", ")
            return "no board '\(name)' in \(directory) (\(list))"
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .malformedJSON(file, reason):
            return "\(file): not valid JSON: \(reason)"
        case let .invalidField(file, field, reason):
            return "\(file): \(field): \(reason)"
        }
    }
}
