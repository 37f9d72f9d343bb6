import Testing
import MilepostCore
@testable import MilepostPolicy
import MilepostSystem
import MilepostTesting
import MilepostPolicyTesting

/// Deleting or replacing a state file must not roll the policy back: the audit log is the
/// ground truth the unit reconciles against at open and while it runs.
@Suite struct PolicyStateReconcileTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start)
    let fs = FaultInjectingFileSystem()
    let auditStorage = InMemoryAuditStorage(name: "audit.log")
    let layout = UnitPolicyLayout(root: "/var/lib/milepost/policy")

    func open() throws -> UnitPolicy { try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage) }

    func install(_ token: String, on unit: UnitPolicy) throws {
        try unit.install(token: token, actor: Fixtures.detective, source: "cli", document: "doc")
    }

    func refusalCode(_ unit: UnitPolicy) -> PolicyError.Code? {
        if case .refused(let refusal) = unit.deploymentGuard.captureDecision() { return refusal.code }
        return nil
    }

    func search(_ unit: UnitPolicy, _ approval: String) throws -> SearchGate.Permit {
        let query = SearchQuery(kind: .plateSearch, plate: try PlatePattern("ABC123"), from: Fixtures.start.adding(seconds: -24 * Fixtures.hour), to: Fixtures.start)
        return try unit.searchGate.authorize(query, approvalToken: approval, requester: Fixtures.detective, source: "10.1.2.3", statedCaseNumber: "2026-0042")
    }

    func events(_ unit: UnitPolicy, _ type: String) throws -> [AuditEntry] { try unit.audit.wholeEntries().filter { $0.event == type } }

    @Test func deletingTheRevocationListDoesNotUndoARevocation() throws {
        let unit = try open()
        try install(try f.sign(f.authorization()), on: unit)
        try install(try f.sign(f.revocationList(version: 1, revoked: ["auth-1"])), on: unit)
        try fs.removeFile(layout.revocationList)

        let restarted = try open()
        #expect(restarted.revocations.current?.version == 1)
        #expect(!restarted.deploymentGuard.captureDecision().isPermitted)
        #expect(try restarted.installedAuthorizations().rejected.map(\.code) == [.revoked])
        #expect(try fs.isPresent(layout.revocationList))
        let rebuilt = try events(restarted, PolicyStateReconciler.rebuiltEvent)
        #expect(rebuilt.contains { "\($0.outcome)".contains("rebuilt revocation list version 1 from the audit log") })
        #expect(restarted.stateReconciler.rebuiltState.contains { $0.contains("revocations.paseto") })
    }

    @Test func replacingTheRevocationListWithAnOlderOneDoesNotUndoARevocation() throws {
        let unit = try open()
        try install(try f.sign(f.authorization()), on: unit)
        try install(try f.sign(f.revocationList(version: 1)), on: unit)
        let older = try fs.readFile(layout.revocationList)
        try install(try f.sign(f.revocationList(version: 2, revoked: ["auth-1"])), on: unit)
        try fs.writeFileAtomically(layout.revocationList, older, permissions: 0o600)

        let restarted = try open()
        #expect(restarted.revocations.current?.version == 2)
        #expect(!restarted.deploymentGuard.captureDecision().isPermitted)
        #expect(try restarted.installedAuthorizations().rejected.map(\.code) == [.revoked])
    }

    @Test func theInstallEntryCarriesTheRevokedIDsAndTheSignedList() throws {
        let unit = try open()
        let token = try f.sign(f.revocationList(version: 4, revoked: ["auth-9", "auth-1"]))
        try install(token, on: unit)
        let entry = try #require(try events(unit, "policy.installed").last)
        #expect(entry.object == "revocation list version 4")
        #expect(entry.outcome == .recorded(detail: "revoked 2: auth-1, auth-9; token \(token)"))
    }

    @Test func deletingTheTimeFloorDoesNotReviveAnExpiredAuthorization() throws {
        let unit = try open()
        try install(try f.sign(f.authorization(expires: Fixtures.start.adding(seconds: 8 * Fixtures.hour))), on: unit)
        #expect(unit.deploymentGuard.captureDecision().isPermitted)
        clock.advance(milliseconds: 9 * Fixtures.hour * 1000)
        #expect(refusalCode(unit) == .expired)
        try fs.removeFile(layout.timeFloor)

        clock.set(Fixtures.start.adding(seconds: Fixtures.hour))
        let restarted = try open()
        #expect(restarted.timeFloor.floor >= Fixtures.start.adding(seconds: 9 * Fixtures.hour))
        #expect(refusalCode(restarted) == .clockRollback)
        #expect(try events(restarted, PolicyStateReconciler.rebuiltEvent).contains { "\($0.outcome)".contains("time-floor: raised to") })
    }

    @Test func deletingTheSearchUseLedgerDoesNotResetUses() throws {
        let unit = try open()
        try install(try f.sign(f.revocationList(version: 1)), on: unit)
        let approval = try f.sign(f.searchApproval(maxUses: 2))
        _ = try search(unit, approval)
        _ = try search(unit, approval)
        try fs.removeFile(layout.searchUses)

        let restarted = try open()
        #expect(try restarted.searchUses.uses(of: "search-1") == 2)
        do { _ = try search(restarted, approval) } catch let error as PolicyError { #expect(error.code == .searchUsesExhausted) }
        #expect(restarted.stateReconciler.rebuiltState.contains { $0.contains("search-1 raised from 0 to 2") })
    }

    @Test func aRevocationListTheLogCannotGiveBackKeepsCaptureAndSearchOff() throws {
        let unit = try open()
        try install(try f.sign(f.authorization()), on: unit)
        try install(try f.sign(f.revocationList(version: 1)), on: unit)
        // An install entry as written before entries carried the list: the ids are not in the log.
        try unit.audit.record(AuditEvent(type: "policy.installed", actor: Fixtures.detective, source: "cli", object: "revocation list version 3",
                                         outcome: .allowed(resultCount: nil)))
        let approval = try f.sign(f.searchApproval())

        let restarted = try open()
        #expect(refusalCode(restarted) == .stateBehindAuditLog)
        let refusal = try #require(restarted.stateReconciler.refusal)
        #expect(refusal.message.contains(layout.revocationList) && refusal.message.contains("version 3"))
        do {
            _ = try search(restarted, approval)
            Issue.record("a search was allowed while the revocation list is behind the audit log")
        } catch let error as PolicyError {
            #expect(error.code == .stateBehindAuditLog)
        }
        #expect(try events(restarted, PolicyStateReconciler.refusedEvent).count == 1)

        try install(try f.sign(f.revocationList(version: 3)), on: restarted)
        clock.advance(milliseconds: 1_500)
        #expect(restarted.stateReconciler.refusal == nil)
        #expect(restarted.deploymentGuard.captureDecision().isPermitted)
    }

    @Test func aStateFileDeletedWhileTheUnitRunsIsWrittenBackAtTheNextCheck() throws {
        let unit = try open()
        try install(try f.sign(f.revocationList(version: 1, revoked: ["auth-1"])), on: unit)
        try fs.removeFile(layout.revocationList)
        #expect(unit.stateReconciler.check() == nil)
        #expect(try fs.isPresent(layout.revocationList))
        #expect(try events(unit, PolicyStateReconciler.rebuiltEvent).contains { "\($0.outcome)".contains("the file was missing") })
    }

    @Test func stateFilesAreWrittenForTheOwnerOnly() throws {
        let unit = try open()
        try install(try f.sign(f.revocationList(version: 1)), on: unit)
        _ = try search(unit, try f.sign(f.searchApproval()))
        for path in [layout.revocationList, layout.timeFloor, layout.searchUses] {
            #expect(try fs.status(path)?.permissions.rawValue == 0o600, "\(path)")
        }
    }
}
