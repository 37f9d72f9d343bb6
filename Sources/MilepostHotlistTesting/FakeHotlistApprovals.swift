import MilepostCore
import MilepostHotlist

/// Stands in for signed hotlist approvals in tests that are not about them. It approves the
/// token `approvingAnyList` for any list, and a token from `token(approving:)` only for that
/// list name and content; anything else is refused with a reason, as the real check does.
/// `revoke` refuses a token from then on and changes `stateStamp`, as a revocation list does.
public final class FakeHotlistApprovals: HotlistApprovalChecking {
    public static let approvingAnyList = "fake-approval:any"
    private let revoked = Locked<Set<String>>([])
    private let window: ClosedRange<Int64>

    /// Approvals in force from `notBefore` to `until` (epoch seconds).
    public init(notBefore: Int64 = 0, until: Int64 = Int64(Int32.max)) {
        window = notBefore...until
    }

    public static func token(approving list: ActiveHotlist) -> String {
        "fake-approval:\(list.settings.name):\(list.contentSHA256)"
    }

    public func revoke(_ token: String) { revoked.withLock { _ = $0.insert(token) } }

    public var stateStamp: String { "revoked \(revoked.withLock { $0.sorted() })" }

    public func check(_ token: String, for content: ListContentSummary) throws(HotlistApprovalRefusal) -> ListApproval {
        if revoked.withLock({ $0.contains(token) }) { throw HotlistApprovalRefusal("approval \(token) has been revoked") }
        guard token == Self.approvingAnyList || token == "fake-approval:\(content.settings.name):\(content.sha256)" else {
            throw HotlistApprovalRefusal("approval \(token) does not approve list \(content.settings.name) with content SHA-256 \(content.sha256)")
        }
        return ListApproval(token: token, id: "fake", kind: "routine", caseNumber: nil, notBefore: window.lowerBound, until: window.upperBound, approvedBy: "the test")
    }
}
