/// One problem found in a hotlist file, pointing at the line and field.
public struct HotlistImportIssue: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case invalid
        /// Registered-owner personal data, refused under the DPPA.
        case personalData
    }

    public let line: Int
    public let field: String
    public let problem: String
    public let kind: Kind

    public init(line: Int, field: String, problem: String, kind: Kind = .invalid) {
        self.line = line
        self.field = field
        self.problem = problem
        self.kind = kind
    }

    public var description: String {
        let prefix = kind == .personalData ? "refused (DPPA): " : ""
        return "line \(line), field \(field): \(prefix)\(problem)"
    }
}

/// An import that was refused; nothing of it was stored and the previous list stays active.
public struct HotlistImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let issues: [HotlistImportIssue]
    /// True when more issues were found than are listed.
    public let truncated: Bool

    public static let maximumIssues = 50

    public var description: String {
        var lines = issues.map { "\(file): \($0)" }
        if truncated { lines.append("\(file): further problems not listed") }
        return lines.joined(separator: "\n")
    }
}

/// Collects issues while a file is parsed, stopping the list at `HotlistImportError.maximumIssues`.
struct IssueCollector {
    private(set) var issues: [HotlistImportIssue] = []
    private(set) var truncated = false

    mutating func add(_ issue: HotlistImportIssue) {
        if issues.count < HotlistImportError.maximumIssues { issues.append(issue) } else { truncated = true }
    }

    func check(file: String) throws(HotlistImportError) {
        if !issues.isEmpty { throw HotlistImportError(file: file, issues: issues, truncated: truncated) }
    }
}
