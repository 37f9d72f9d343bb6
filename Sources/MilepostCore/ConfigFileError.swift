/// Why a JSON configuration file (a unit's or the department server's) was refused. Every case
/// names the file, and the field where one is at fault.
public enum ConfigFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case missingField(path: String, field: String)
    case invalidField(path: String, field: String, reason: String)
    /// A key the configuration does not have (usually a typo); `hint` names the nearest known one.
    case unknownKey(path: String, key: String, hint: String)
    case outOfRange(path: String, field: String, value: String, range: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read config \(path): \(reason)"
        case .malformed(let path, let reason): return "config \(path) is not valid JSON: \(reason)"
        case .missingField(let path, let field): return "config \(path) lacks the field '\(field)'"
        case .invalidField(let path, let field, let reason): return "config \(path): field '\(field)' \(reason)"
        case .unknownKey(let path, let key, let hint): return "\(path): unknown key \"\(key)\" (\(hint))"
        case .outOfRange(let path, let field, let value, let range): return "\(path): \(field) = \(value) is out of range \(range)"
        }
    }
}
