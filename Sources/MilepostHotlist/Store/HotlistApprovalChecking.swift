/// What the unit checks a list against before matching it: a signed approval naming this
/// list, this content and these settings (the implementation lives with the policy, above this
/// layer). A list without an approval that passes is never matched.
public protocol HotlistApprovalChecking: Sendable {
    /// The approval `token` for the list `content` describes, checked now; throws
    /// `HotlistApprovalRefusal` naming what is wrong.
    func check(_ token: String, for content: ListContentSummary) throws(HotlistApprovalRefusal) -> ListApproval

    /// Changes whenever an approval that passed may no longer pass (a new revocation list), so
    /// that the store checks its lists again.
    var stateStamp: String { get }
}

/// The list as the unit holds it, for the approval check.
public struct ListContentSummary: Sendable, Equatable {
    public var settings: ListSettings
    public var sha256: String
    public var entryCount: Int

    public init(settings: ListSettings, sha256: String, entryCount: Int) {
        self.settings = settings
        self.sha256 = sha256
        self.entryCount = entryCount
    }

    /// The summary of `entries` matched with `settings`, without indexing them.
    public init(settings: ListSettings, entries: [HotlistEntry]) {
        self.init(settings: settings, sha256: HotlistContent.sha256(of: entries), entryCount: entries.count)
    }
}

/// An approval that passed: what the unit keeps, shows and audits.
public struct ListApproval: Sendable, Equatable, Codable {
    public var token: String
    public var id: String
    /// routine or targeted.
    public var kind: String
    public var caseNumber: String?
    /// Seconds since the epoch: the list is matched from `notBefore` until `until`.
    public var notBefore: Int64
    public var until: Int64
    /// Who approved it, e.g. "Chief Dana Reyes (key 1a2b…)".
    public var approvedBy: String

    public init(token: String, id: String, kind: String, caseNumber: String?, notBefore: Int64, until: Int64, approvedBy: String) {
        self.token = token
        self.id = id
        self.kind = kind
        self.caseNumber = caseNumber
        self.notBefore = notBefore
        self.until = until
        self.approvedBy = approvedBy
    }

    public func isInForce(at time: Int64) -> Bool { time >= notBefore && time < until }
}

/// Why a list's approval did not pass.
public struct HotlistApprovalRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
