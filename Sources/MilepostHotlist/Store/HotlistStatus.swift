/// What the unit's status page says about one hotlist.
public struct HotlistStatus: Sendable, Equatable, Codable {
    /// Lists are expected daily; older than this raises an alarm.
    public static let maximumAge: Int64 = 24 * 3600

    public enum Condition: String, Sendable, Codable {
        case current
        /// Not replaced within `maximumAge`: the alarm the policy asks for.
        case stale
        /// The stored file could not be loaded; the list is not being matched.
        case unreadable
        /// Stored, but its approval is missing, does not pass, or is not in force now: not matched.
        case unapproved
    }

    public var name: String
    public var condition: Condition
    public var version: Int?
    public var entryCount: Int?
    public var importedAt: Int64?
    public var ageSeconds: Int64?
    public var problem: String?
    /// SHA-256 of the list's canonical content, and the approval it is matched under.
    public var sha256: String?
    public var approvalID: String?
    public var approvedUntil: Int64?

    public var isAlarm: Bool { condition != .current }
}
