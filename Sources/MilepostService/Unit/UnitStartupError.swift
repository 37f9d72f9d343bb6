/// Why the unit did not start: the part that failed, as an installer would look for it
/// ("read store in /var/lib/milepost/reads"), and what was wrong with it.
public struct UnitStartupError: Error, CustomStringConvertible {
    public let part: String
    public let reason: String

    public init(part: String, reason: String) {
        self.part = part
        self.reason = reason
    }

    public var description: String { "cannot start the unit: \(part): \(reason)" }
}

/// Runs one start-up step; any error it throws becomes a startup error naming `part`.
func startupStep<T>(_ part: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw UnitStartupError(part: part, reason: "\(error)") }
}
