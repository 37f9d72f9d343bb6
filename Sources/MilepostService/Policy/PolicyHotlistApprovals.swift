import Foundation
import MilepostCore
import MilepostHotlist
import MilepostPolicy

/// Checks hotlists against signed hotlist approvals: back to the Chief's key, against the
/// unit's revocation list, for exactly the list's content and matching settings.
public struct PolicyHotlistApprovals: HotlistApprovalChecking {
    let verifier: HotlistApprovalVerifier
    let revocations: RevocationRegistry
    let clock: any WallClock

    public init(documents: DocumentVerifier, revocations: RevocationRegistry, clock: any WallClock) {
        self.verifier = HotlistApprovalVerifier(documents: documents)
        self.revocations = revocations
        self.clock = clock
    }

    public init(policy: UnitPolicy, clock: any WallClock) {
        self.init(documents: policy.documents, revocations: policy.revocations, clock: clock)
    }

    public var stateStamp: String { "revocation list \(revocations.current?.version ?? 0)" }

    public func check(_ token: String, for content: ListContentSummary) throws(HotlistApprovalRefusal) -> ListApproval {
        let settings = content.settings
        let held = HotlistApprovalVerifier.ListContent(
            name: settings.name, sha256: content.sha256, entryCount: content.entryCount,
            matching: HotlistApproval.Matching(priority: settings.priority.name, lookalike: settings.lookalikeSubstitutions, serious: settings.serious))
        let verified: Verified<HotlistApproval>
        do {
            verified = try verifier.verify(token.trimmingCharacters(in: .whitespacesAndNewlines), for: held, now: clock.now(),
                                           revoked: revocations.revokedIDs, document: "approval of list \(settings.name)")
        } catch let error as PolicyError {
            throw HotlistApprovalRefusal(error.message)
        } catch {
            throw HotlistApprovalRefusal("\(error)")
        }
        let approval = verified.document
        let signer = verified.signer
        let who = verified.delegation.map { "designee \(signer.holder.name) (key \(signer.id)) under delegation \($0.id)" } ?? "Chief \(signer.holder.name) (key \(signer.id))"
        return ListApproval(
            token: verified.token, id: approval.id, kind: approval.listKind.rawValue, caseNumber: approval.caseNumber,
            notBefore: approval.notBefore.millisecondsSinceEpoch / 1000,
            until: HotlistApprovalVerifier.matchableUntil(verified).millisecondsSinceEpoch / 1000, approvedBy: who)
    }
}
