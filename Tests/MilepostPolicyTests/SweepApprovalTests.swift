import MilepostCore
import MilepostPolicyTesting
import MilepostTesting
import Testing
@testable import MilepostPolicy

/// Policy 10.05 §IV note 1 on a search approval's own plate scope: a scope that is a sweep needs
/// the Chief's own signature and an ongoing criminal investigation, when it is signed, installed
/// and used; and a sweep typed as a search is refused even under a narrow approval.
@Suite struct SweepApprovalTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start)
    let auditStorage = InMemoryAuditStorage(name: "audit.log")
    let unit: UnitPolicy

    init() throws {
        unit = try f.unitPolicy(clock: clock, audit: auditStorage)
        try unit.install(token: try f.sign(f.revocationList(version: 1)), actor: Fixtures.detective, source: "cli", document: "rl")
    }

    /// A designee under a delegation that covers searches (and everything else a delegation can).
    func byDesignee(_ approval: SearchApproval) throws -> String {
        try f.sign(approval, byDesigneeUnder: try f.delegation(scope: ApprovalScope.allCases))
    }

    func search(_ plate: String, _ token: String) throws {
        let query = SearchQuery(plate: try PlatePattern(plate), from: Fixtures.start.adding(seconds: -24 * Fixtures.hour), to: Fixtures.start)
        _ = try unit.searchGate.authorize(query, approvalToken: token, requester: Fixtures.detective, source: "10.1.2.3", statedCaseNumber: "2026-0042")
    }

    @discardableResult
    func install(_ token: String) throws -> UnitPolicy.Installed {
        try unit.install(token: token, actor: Fixtures.detective, source: "cli", document: "approval.paseto")
    }

    var log: String { String(decoding: auditStorage.contents, as: UTF8.self) }

    @Test func aDesigneeSignedSweepScopeIsRefusedWhateverItsDelegationSays() throws {
        for scope in ["*", "*1*2*3*", "A*"] {
            let token = try byDesignee(f.searchApproval(id: "sweep-\(scope.count)", plate: scope, ongoing: true))
            let installError = #expect(throws: PolicyError.self) { try install(token) }
            #expect(installError?.code == .invalidField)
            #expect(installError?.message.contains("scope.plate") == true && installError?.message.contains("Chief's own approval") == true)
            let searchError = #expect(throws: PolicyError.self) { try search("ABC123", token) }
            #expect(searchError?.message.contains("a sweep") == true)
        }
        #expect(log.components(separatedBy: "policy.install-refused").count - 1 == 3)
        #expect(log.components(separatedBy: "search.denied").count - 1 == 3)
        #expect(!log.contains("search.authorized"))
    }

    @Test func aChiefSignedSweepScopeWithoutAnInvestigationIsRefused() throws {
        let token = try f.sign(f.searchApproval(plate: "*", ongoing: false))
        let error = #expect(throws: PolicyError.self) { try install(token) }
        #expect(error?.message.contains("ongoingCriminalInvestigation is false") == true)
        #expect(throws: PolicyError.self) { try search("ABC123", token) }
        #expect(log.contains("policy.install-refused") && log.contains("search.denied"))
    }

    @Test func theChiefMaySignASweepScopeForAnInvestigationButSweepQueriesStillNeedTheirAllowance() throws {
        let token = try f.sign(f.searchApproval(plate: "*", maxUses: 5, ongoing: true))
        #expect(try install(token) == .searchApproval(id: "search-1"))
        try search("ABC123", token)
        let sweep = #expect(throws: PolicyError.self) { try search("*1*2*3*", token) }
        #expect(sweep?.code == .prohibitedQuery)
    }

    @Test func aDesigneeSignedNarrowApprovalStillWorks() throws {
        let token = try byDesignee(f.searchApproval(plate: "ABC1*"))
        #expect(try install(token) == .searchApproval(id: "search-1"))
        try search("ABC123", token)
        #expect(log.contains("search.authorized"))
    }

    @Test func aScatteredPatternUnderANarrowApprovalIsRefusedAsASweepAndAudited() throws {
        let token = try byDesignee(f.searchApproval(plate: "*123*", maxUses: 5))
        try search("*123*", token)
        let error = #expect(throws: PolicyError.self) { try search("*1*2*3*", token) }
        #expect(error?.code == .prohibitedQuery)
        #expect(error?.message.contains("*1*2*3* is a sweep") == true)
        #expect(log.contains("search.denied") && log.contains("*1*2*3*"))
    }

    @Test func signingChecksTheSameRuleBeforeAnythingIsSigned() throws {
        // What `milepost auth approve-search` runs before it signs.
        var designee = f.searchApproval(plate: "*", ongoing: true)
        designee.approvingOfficial = ApprovingOfficial(key: f.designee)
        designee.delegation = try f.delegation(scope: ApprovalScope.allCases)
        #expect(throws: PolicyError.self) { try designee.validateFields(document: "search approval s-2") }
        #expect(throws: PolicyError.self) { try f.searchApproval(plate: "*", ongoing: false).validateFields(document: "search approval s-3") }
        try f.searchApproval(plate: "*", ongoing: true).validateFields(document: "search approval s-4")
        designee.scope.plate = "AB?123"
        try designee.validateFields(document: "search approval s-5")
    }
}
