import HTTPTypes

/// Which roles may use each route of the unit's API. docs/unit-access.md holds the same table,
/// checked against this one by a test; `MilepostUnit` refuses to start if its routes and these differ.
public struct UnitAccessTable: Sendable {
    public struct Rule: Sendable, Equatable {
        public var method: HTTPRequest.Method
        /// Hummingbird's form: segments separated by `/`, `:name` matching any one segment.
        public var path: String
        /// Empty for a route served without a token: /health, and /console, a page with no data in
        /// it that a browser opens before the officer has entered a token (every call it then
        /// makes carries the token).
        public var roles: Set<UnitRole>

        public init(_ method: HTTPRequest.Method, _ path: String, _ roles: Set<UnitRole>) {
            self.method = method
            self.path = path
            self.roles = roles
        }

        public var needsToken: Bool { !roles.isEmpty }

        func matches(method: HTTPRequest.Method, segments: [Substring]) -> Bool {
            let pattern = path.split(separator: "/")
            guard method == self.method, pattern.count == segments.count else { return false }
            return zip(pattern, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }
    }

    public let rules: [Rule]

    /// The start of every 403 `UnitAccessMiddleware` answers, so a refusal by role is told
    /// from a route's own.
    public static let roleRefusalPrefix = "this route is not open to the role"

    public init(rules: [Rule]) { self.rules = rules }

    /// The rule for a request, or nil when the unit serves no such route.
    public func rule(method: HTTPRequest.Method, path: String) -> Rule? {
        let segments = path.split(separator: "/")
        return rules.first { $0.matches(method: method, segments: segments) }
    }

    /// Where this table and the routes a router serves differ: routes with no rule here (the
    /// unit must not serve them) and rules for routes it does not serve (the table, and the
    /// documentation shown from it, would be wrong). Empty when they agree.
    public func differences(from routes: [(method: HTTPRequest.Method, path: String)]) -> [String] {
        let unruled = routes.filter { route in !rules.contains { $0.method == route.method && Self.same($0.path, route.path) } }
            .map { "\($0.method) \($0.path) has no rule in the access table" }
        let unserved = rules.filter { rule in !routes.contains { $0.method == rule.method && Self.same($0.path, rule.path) } }
            .map { "the access table's \($0.method) /\($0.path) is not served" }
        return unruled + unserved
    }

    /// Whether two paths are the same route: a parameter is written `:name` here and
    /// `{name}` in Hummingbird's route list, and its name does not matter.
    private static func same(_ a: String, _ b: String) -> Bool {
        func shape(_ path: String) -> [Substring] {
            path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? ":" : $0 }
        }
        return shape(a) == shape(b)
    }

    /// The running unit's routes.
    public static let unit = UnitAccessTable(rules: [
        Rule(.get, "health", []),
        Rule(.get, "status", [.installer, .supervisor, .auditor]),
        Rule(.get, "status/hotlists", [.installer, .supervisor, .auditor]),
        Rule(.get, "metrics", [.installer, .auditor]),
        Rule(.get, "console", []),
        Rule(.get, "api/notices/stream", [.officer, .supervisor]),
        Rule(.get, "api/notices/:sequence", [.officer, .supervisor]),
        Rule(.get, "api/notices/:sequence/dispositions", [.officer, .supervisor]),
        Rule(.post, "api/notices/:sequence/disposition", [.officer, .supervisor]),
        Rule(.get, "api/notices/:sequence/read", [.officer, .supervisor]),
        Rule(.post, "api/policy/documents", [.installer, .supervisor]),
        Rule(.get, "api/policy/status", [.installer, .supervisor, .auditor]),
        Rule(.get, "api/audit/checkpoints", [.auditor]),
        Rule(.post, "api/search", [.searcher, .supervisor]),
    ])

    /// The table as docs/unit-access.md shows it: one Markdown row per route.
    public var markdown: String {
        var lines = ["| Route | " + UnitRole.allCases.map(\.rawValue).joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---|", count: UnitRole.allCases.count)]
        for rule in rules {
            let cells = UnitRole.allCases.map { rule.needsToken ? (rule.roles.contains($0) ? "yes" : "-") : "no token" }
            lines.append("| `\(rule.method) /\(rule.path)` | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
