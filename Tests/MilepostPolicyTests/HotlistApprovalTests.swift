import MilepostCore
@testable import MilepostPolicy
import Testing

/// Gap 1 of the policy hardening: what a unit watches for is approved by the Chief or a
/// designee whose delegation covers it, for exactly that content.
@Suite struct HotlistApprovalTests {
    let f = Fixtures()
    var verifier: HotlistApprovalVerifier { HotlistApprovalVerifier(documents: f.verifier) }

    func verify(_ token: String, content: HotlistApprovalVerifier.ListContent? = nil, revoked: Set<String> = []) throws -> Verified<HotlistApproval> {
        try verifier.verify(token, for: content ?? f.approvedListContent, now: f.start, revoked: revoked, document: "approval")
    }

    func code(_ body: () throws -> Any) -> PolicyError.Code? {
        do { _ = try body(); return nil } catch let error as PolicyError { return error.code } catch { return nil }
    }

    @Test func theChiefsApprovalOfThisContentPasses() throws {
        let verified = try verify(try f.sign(f.hotlistApproval()))
        #expect(verified.document.list == "ncic-stolen")
        #expect(HotlistApprovalVerifier.matchableUntil(verified) == f.start.adding(seconds: 36 * Fixtures.hour))
    }

    @Test func aSwappedListIsNotTheOneApproved() throws {
        let token = try f.sign(f.hotlistApproval())
        var swapped = f.approvedListContent
        swapped.sha256 = String(repeating: "cd", count: 32)
        #expect(code { try verify(token, content: swapped) } == .hotlistNotApproved)
        var grown = f.approvedListContent
        grown.entryCount = 3
        #expect(code { try verify(token, content: grown) } == .hotlistNotApproved)
        var renamed = f.approvedListContent
        renamed.name = "amber"
        #expect(code { try verify(token, content: renamed) } == .hotlistNotApproved)
        var loosened = f.approvedListContent
        loosened.matching.serious = true
        #expect(code { try verify(token, content: loosened) } == .hotlistNotApproved, "partial-plate matching was not approved")
    }

    @Test func anEditedApprovalFailsItsSignature() throws {
        let token = try f.sign(f.hotlistApproval())
        var forged = f.hotlistApproval()
        forged.contentSHA256 = String(repeating: "cd", count: 32)
        let forgedToken = try SignedDocument.sign(forged, kind: .hotlistApproval, key: f.stranger)
        #expect(code { try verify(forgedToken, content: .init(name: "ncic-stolen", sha256: forged.contentSHA256, entryCount: 2, matching: forged.matching)) } == .unknownSigningKey)
        #expect(code { try verify(token + "x") } != nil)
    }

    @Test func routineListsNeedTheHotlistScopeAndTargetedListsTheTargetingScopeToo() throws {
        let routine = f.hotlistApproval()
        let targeted = f.hotlistApproval(kind: .targeted, caseNumber: "2026-0042")
        let feed = try f.delegation(scope: [.routineHotlists])
        _ = try verify(try f.sign(routine, byDesigneeUnder: feed))
        #expect(code { try verify(try f.sign(targeted, byDesigneeUnder: feed)) } == .delegationOutOfScope, "a nightly feed cannot approve a case list")
        #expect(code { try verify(try f.sign(targeted, byDesigneeUnder: try f.delegation(scope: [.hotlists]))) } == .delegationOutOfScope)
        #expect(code { try verify(try f.sign(routine, byDesigneeUnder: try f.delegation(scope: [.search, .targeting]))) } == .delegationOutOfScope)
        _ = try verify(try f.sign(targeted, byDesigneeUnder: try f.delegation(scope: [.hotlists, .targeting])))
        _ = try verify(try f.sign(targeted))
    }

    @Test func aTargetedListNamesItsCaseAndARoutineListNone() throws {
        #expect(code { try verify(try f.sign(f.hotlistApproval(kind: .targeted))) } == .invalidField)
        #expect(code { try verify(try f.sign(f.hotlistApproval(kind: .routine, caseNumber: "2026-0042"))) } == .invalidField)
        #expect(code { try verify(try f.sign(f.hotlistApproval(sha256: "ABC"))) } == .invalidField)
    }

    @Test func revokedOrExpiredApprovalsDoNotPass() throws {
        #expect(code { try verify(try f.sign(f.hotlistApproval()), revoked: ["hl-1"]) } == .revoked)
        #expect(code { try verify(try f.sign(f.hotlistApproval(expires: f.start))) } == .expired)
        let shortDelegation = try f.delegation(scope: [.hotlists], expires: f.start.adding(seconds: Fixtures.hour))
        let verified = try verify(try f.sign(f.hotlistApproval(), byDesigneeUnder: shortDelegation))
        #expect(HotlistApprovalVerifier.matchableUntil(verified) == f.start.adding(seconds: Fixtures.hour), "no longer than the signer's authority")
    }

    @Test func anApprovalIsNotAPolicyDocumentToInstall() throws {
        let message = UnitPolicy.notInstallable(.hotlistApproval, document: "a.approval")
        #expect(message.contains("milepost hotlist import"))
    }
}
