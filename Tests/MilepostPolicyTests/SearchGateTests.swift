import MilepostCore
import MilepostTesting
import Testing
@testable import MilepostPolicy
import MilepostSystem
import MilepostTesting
import SystemPackage

@Suite struct SearchGateTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start)
    let fs = FaultInjectingFileSystem(directories: ["/state"])
    let audit = RecordingAudit()
    let revocations: RevocationRegistry
    let gate: SearchGate

    init() throws {
        revocations = try RevocationRegistry(fileSystem: fs, path: "/state/revocations.paseto", documents: f.verifier)
        try revocations.install(try f.sign(f.revocationList(version: 1, revoked: ["search-revoked"])), now: Fixtures.start, document: "rl")
        gate = SearchGate(unitID: "unit-7", documents: f.verifier, revocations: revocations, timeFloor: try TimeFloor(fileSystem: fs, path: "/state/time-floor"),
                          ledger: try FileSearchUseLedger(fileSystem: fs, path: "/state/search-uses.json"), audit: audit, clock: clock)
    }

    func query(_ plate: String?, kind: SearchQuery.Kind = .plateSearch, hoursBack: Int64 = 24) throws -> SearchQuery {
        SearchQuery(kind: kind, plate: try plate.map(PlatePattern.init), from: Fixtures.start.adding(seconds: -hoursBack * Fixtures.hour), to: Fixtures.start)
    }

    func refusal(_ q: SearchQuery, _ token: String, requester: AuditActor = Fixtures.detective) -> PolicyError? {
        do { _ = try gate.authorize(q, approvalToken: token, requester: requester, source: "10.1.2.3", statedCaseNumber: "2026-0042"); return nil } catch let e as PolicyError { return e } catch { return nil }
    }

    @Test func anInScopeSearchIsAllowedCountedAndAudited() throws {
        let token = try f.sign(f.searchApproval())
        let permit = try gate.authorize(try query("abc-123"), approvalToken: token, requester: Fixtures.detective, source: "10.1.2.3", statedCaseNumber: "2026-0042")
        #expect(permit.use == 1 && permit.maxUses == 3)
        try gate.recordCompletion(permit, resultCount: 4)
        #expect(audit.events.map(\.type) == ["search.authorized", "search.completed"])
        let done = audit.events[1]
        #expect(done.actor == Fixtures.detective && done.source == "10.1.2.3" && done.caseNumber == "2026-0042" && done.approvalID == "search-1")
        #expect(done.outcome == .allowed(resultCount: 4))
        #expect(done.object.contains("ABC123"))
    }

    @Test func usesAreLimitedAndTheCountSurvivesARestart() throws {
        let token = try f.sign(f.searchApproval(maxUses: 2))
        _ = try gate.authorize(try query("ABC123"), approvalToken: token, requester: Fixtures.detective, source: "s", statedCaseNumber: "2026-0042")
        _ = try gate.authorize(try query("ABC123"), approvalToken: token, requester: Fixtures.detective, source: "s", statedCaseNumber: "2026-0042")
        #expect(refusal(try query("ABC123"), token)?.code == .searchUsesExhausted)
        #expect(try FileSearchUseLedger(fileSystem: fs, path: "/state/search-uses.json").uses(of: "search-1") == 2)
    }

    @Test func overScopeSearchesAreRefused() throws {
        let token = try f.sign(f.searchApproval(plate: "ABC1*"))
        #expect(refusal(try query("ABC123"), token) == nil)
        #expect(refusal(try query("ABC1??"), token) == nil)
        let otherPlate = refusal(try query("XYZ999"), token)
        #expect(otherPlate?.code == .searchOutOfScope)
        #expect(otherPlate?.message.contains("XYZ999") == true)
        #expect(refusal(try query("ABC*"), token)?.code == .searchOutOfScope)
        #expect(refusal(try query("ABC123", hoursBack: 100), token)?.code == .searchOutOfScope)
    }

    @Test func prohibitedQueriesAreRefusedByDefault() throws {
        let token = try f.sign(f.searchApproval(plate: "ABC123", maxUses: 10))
        let sweep = refusal(try query(nil), token)
        #expect(sweep?.code == .prohibitedQuery)
        #expect(sweep?.message.contains("§IV") == true)
        #expect(refusal(try query("A*"), token)?.code == .prohibitedQuery)
        #expect(refusal(try query("ABC123", kind: .bulkExport), token)?.code == .prohibitedQuery)
        #expect(audit.events.allSatisfy { $0.type == "search.denied" })
        #expect(audit.events.count == 3)
    }

    @Test func prohibitedQueriesAreAllowedOnlyWhenTheChiefExplicitlyAllowsThem() throws {
        let onlySweeps = try f.sign(f.searchApproval(plate: nil, allows: .init(queriesWithoutPlate: true), ongoing: true))
        #expect(refusal(try query(nil), onlySweeps) == nil)
        #expect(refusal(try query(nil, kind: .bulkExport), onlySweeps)?.code == .prohibitedQuery)
        let export = try f.sign(f.searchApproval(id: "search-2", plate: "ABC123", allows: .init(bulkExport: true), ongoing: true))
        #expect(refusal(try query("ABC123", kind: .bulkExport), export) == nil)
    }

    @Test func expiredNotYetValidRevokedAndOtherUnitsApprovalsAreRefused() throws {
        #expect(refusal(try query("ABC123"), try f.sign(f.searchApproval(expires: Fixtures.start)))?.code == .expired)
        #expect(refusal(try query("ABC123"), try f.sign(f.searchApproval(id: "search-revoked")))?.code == .revoked)
        var other = f.searchApproval()
        other.units = ["unit-9"]
        #expect(refusal(try query("ABC123"), try f.sign(other))?.code == .unitNotCovered)
        var later = f.searchApproval()
        later.notBefore = Fixtures.start.adding(seconds: 60)
        #expect(refusal(try query("ABC123"), try f.sign(later))?.code == .notYetValid)
    }

    @Test func anApprovalIsForItsRequesterOnly() throws {
        let error = refusal(try query("ABC123"), try f.sign(f.searchApproval()), requester: AuditActor(id: "badge-999", organisation: "Leicester PD"))
        #expect(error?.code == .searchOutOfScope)
        #expect(error?.message.contains("badge-311") == true)
    }

    @Test func anExpiredRevocationListBlocksSearches() throws {
        let token = try f.sign(f.searchApproval(expires: Fixtures.start.adding(seconds: 48 * Fixtures.hour)))
        clock.set(Fixtures.start.adding(seconds: 24 * Fixtures.hour))
        #expect(refusal(try query("ABC123"), token)?.code == .revocationListExpired)
    }

    @Test func aClockRollbackBlocksSearches() throws {
        let token = try f.sign(f.searchApproval())
        #expect(refusal(try query("ABC123"), token) == nil)
        clock.set(Fixtures.start.adding(seconds: -3600))
        #expect(refusal(try query("ABC123"), token)?.code == .clockRollback)
        #expect(audit.events.suffix(2).map(\.type) == ["clock.rollback", "search.denied"])
    }

    @Test func aForgedApprovalIsRefused() throws {
        var approval = f.searchApproval()
        approval.approvingOfficial = ApprovingOfficial(key: f.stranger)
        #expect(refusal(try query("ABC123"), try SignedDocument.sign(approval, kind: .searchApproval, key: f.stranger))?.code == .unknownSigningKey)
    }

    @Test func hitNoticeLookupsAreNotGatedButLogged() throws {
        try gate.recordHitNoticeLookup(noticeID: "n-17", plate: "ABC123", officer: AuditActor(id: "badge-12", organisation: "Leicester PD"), source: "mdt-4",
                                       outcome: .allowed(resultCount: 1))
        #expect(audit.events.count == 1)
        #expect(audit.events[0].type == "hit-notice.lookup")
        #expect(audit.events[0].object.contains("n-17"))
        #expect(audit.events[0].outcome == .allowed(resultCount: 1))
    }

    @Test func theStatedCaseAndAnyStatedPurposeMustBeTheApprovals() throws {
        let token = try f.sign(f.searchApproval(maxUses: 5))
        func stated(_ caseNumber: String, _ purpose: String?) -> PolicyError? {
            do {
                _ = try gate.authorize(try query("ABC123"), approvalToken: token, requester: Fixtures.detective, source: "s", statedCaseNumber: caseNumber, statedPurpose: purpose)
                return nil
            } catch let e as PolicyError { return e } catch { return nil }
        }
        #expect(stated("2026-0042", "Stolen vehicle investigation") == nil)
        let otherCase = stated("2026-0099", nil)
        #expect(otherCase?.code == .searchOutOfScope)
        #expect(otherCase?.message.contains("2026-0042") == true)
        #expect(stated("2026-0042", "curiosity")?.code == .searchOutOfScope)
        let unstated = stated(" ", nil)
        #expect(unstated?.code == .searchOutOfScope)
        #expect(unstated?.message.contains("must state the case number") == true)
        #expect(audit.events.filter { $0.type == "search.denied" }.count == 3)
    }
}
