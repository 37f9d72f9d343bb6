import MilepostCore

/// Checks a hotlist approval against the list it travels with: the chain back to the Chief,
/// no revocation of it or its delegation, and that it names this list, this content and this
/// many entries. The window is the caller's to apply through `matchableUntil`.
public struct HotlistApprovalVerifier: Sendable {
    public let documents: DocumentVerifier
    public let limits: PolicyLimits

    public init(documents: DocumentVerifier, limits: PolicyLimits = .default) {
        self.documents = documents
        self.limits = limits
    }

    /// What the unit holds: the list's name, the SHA-256 of its canonical content, its size
    /// and how it is matched.
    public struct ListContent: Sendable, Equatable {
        public var name: String
        public var sha256: String
        public var entryCount: Int
        public var matching: HotlistApproval.Matching

        public init(name: String, sha256: String, entryCount: Int, matching: HotlistApproval.Matching) {
            self.name = name
            self.sha256 = sha256
            self.entryCount = entryCount
            self.matching = matching
        }
    }

    public func verify(_ token: String, for content: ListContent, now: UTCTime, revoked: Set<String>, document: String) throws -> Verified<HotlistApproval> {
        let verified = try documents.verify(token, as: HotlistApproval.self, now: now, revoked: revoked, document: document)
        let approval = verified.document
        if revoked.contains(approval.id) {
            throw PolicyError(.revoked, "\(document): hotlist approval \(approval.id) has been revoked")
        }
        guard approval.list == content.name else {
            throw PolicyError(.hotlistNotApproved, "\(document): hotlist approval \(approval.id) is for list '\(approval.list)', not '\(content.name)'")
        }
        guard approval.contentSHA256 == content.sha256 else {
            throw PolicyError(.hotlistNotApproved, "\(document): list \(content.name) has content SHA-256 \(content.sha256), but approval \(approval.id) approves \(approval.contentSHA256); this is not the list that was approved")
        }
        guard approval.entryCount == content.entryCount else {
            throw PolicyError(.hotlistNotApproved, "\(document): list \(content.name) has \(content.entryCount) entries, but approval \(approval.id) approves \(approval.entryCount)")
        }
        guard approval.matching == content.matching else {
            let m = approval.matching, held = content.matching
            throw PolicyError(.hotlistNotApproved, "\(document): list \(content.name) is matched with priority \(held.priority), lookalike \(held.lookalike), serious \(held.serious), but approval \(approval.id) approves priority \(m.priority), lookalike \(m.lookalike), serious \(m.serious)")
        }
        if approval.issuedAt > now.adding(seconds: limits.clockLeewaySeconds) {
            throw PolicyError(.issuedInFuture, "\(document): hotlist approval \(approval.id) was issued at \(approval.issuedAt), after this unit's clock (\(now)); check the unit's clock")
        }
        let until = Self.matchableUntil(verified)
        if now >= until {
            throw PolicyError(.expired, "\(document): hotlist approval \(approval.id) for list \(content.name) expired at \(until) (now \(now))")
        }
        return verified
    }

    /// The end of the approval's window, or of the signer's delegation if that comes first.
    public static func matchableUntil(_ verified: Verified<HotlistApproval>) -> UTCTime {
        min(verified.document.expires, verified.authorityExpires)
    }
}
