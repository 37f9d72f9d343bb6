import MilepostTesting
import Testing
@testable import MilepostPolicy
import MilepostSystem
import MilepostTesting
import SystemPackage

@Suite struct DeploymentGuardTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start.adding(seconds: -30))
    let audit = RecordingAudit()
    let fs = FaultInjectingFileSystem()

    func makeGuard(_ tokens: [String], revoked: Set<String> = []) throws -> PolicyDeploymentGuard {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor")
        let g = PolicyDeploymentGuard(unitID: "unit-7", clock: clock, timeFloor: floor, audit: audit)
        let verifier = TargetingVerifier(documents: f.verifier, unitID: "unit-7")
        g.update(authorizations: try tokens.map { try verifier.verifyForInstall($0, now: clock.now(), revoked: revoked, document: "a") }, revoked: revoked)
        return g
    }

    @Test func refusesWithNothingInstalled() throws {
        let g = try makeGuard([])
        guard case .refused(let refusal) = g.captureDecision() else { Issue.record("permitted without authorization"); return }
        #expect(refusal.reason.contains("no targeting authorization"))
    }

    @Test func startsAtNotBeforeAndStopsExactlyAtExpiry() throws {
        let g = try makeGuard([try f.sign(f.authorization())])
        #expect(!g.captureDecision().isPermitted)
        #expect(g.nextChangeDeadline == Fixtures.start)
        clock.set(Fixtures.start)
        guard case .permitted(let permit) = g.captureDecision() else { Issue.record("not permitted in window"); return }
        #expect(permit.authorizationID == "auth-1")
        #expect(permit.hotlists == ["ncic-stolen"])
        #expect(permit.validUntil == Fixtures.start.adding(seconds: 8 * Fixtures.hour))
        clock.set(Fixtures.start.adding(seconds: 8 * Fixtures.hour).adding(milliseconds: -1))
        #expect(g.captureDecision().isPermitted)
        clock.advance(milliseconds: 1)
        #expect(!g.captureDecision().isPermitted)
    }

    @Test func aRevocationStopsCaptureOnTheNextCycle() throws {
        let token = try f.sign(f.authorization())
        let g = try makeGuard([token])
        clock.set(Fixtures.start.adding(seconds: 60))
        #expect(g.captureDecision().isPermitted)
        let verified = try TargetingVerifier(documents: f.verifier, unitID: "unit-7").verifyForInstall(token, now: clock.now(), revoked: [], document: "a")
        g.update(authorizations: [verified], revoked: ["auth-1"])
        clock.advance(milliseconds: 100)
        guard case .refused(let refusal) = g.captureDecision() else { Issue.record("captured after revocation"); return }
        #expect(refusal.code == .revoked)
    }

    @Test func aDelegationEndingFirstStopsCapture() throws {
        let delegation = try f.delegation(expires: Fixtures.start.adding(seconds: Fixtures.hour))
        let g = try makeGuard([try f.sign(f.authorization(), byDesigneeUnder: delegation)])
        clock.set(Fixtures.start.adding(seconds: 10))
        guard case .permitted(let permit) = g.captureDecision() else { Issue.record("not permitted"); return }
        #expect(permit.validUntil == Fixtures.start.adding(seconds: Fixtures.hour))
        clock.set(Fixtures.start.adding(seconds: Fixtures.hour))
        guard case .refused(let refusal) = g.captureDecision() else { Issue.record("captured after delegation ended"); return }
        #expect(refusal.code == .delegationExpired)
    }

    @Test func aClockRollbackStopsCaptureAndIsAudited() throws {
        let g = try makeGuard([try f.sign(f.authorization(expires: Fixtures.start.adding(seconds: 20 * Fixtures.hour)))])
        clock.set(Fixtures.start.adding(seconds: 10 * Fixtures.hour))
        #expect(g.captureDecision().isPermitted)
        clock.set(Fixtures.start.adding(seconds: 2 * Fixtures.hour))  // set back 8 h: still inside the window
        guard case .refused(let refusal) = g.captureDecision() else { Issue.record("captured after clock rollback"); return }
        #expect(refusal.code == .clockRollback)
        #expect(audit.events.last?.type == "clock.rollback")
    }

    @Test func everyChangeOfStateIsAuditedOnce() throws {
        let g = try makeGuard([try f.sign(f.authorization())])
        _ = g.captureDecision(); _ = g.captureDecision()
        clock.set(Fixtures.start)
        for _ in 0..<50 { _ = g.captureDecision(); clock.advance(milliseconds: 200) }
        clock.set(Fixtures.start.adding(seconds: 8 * Fixtures.hour))
        _ = g.captureDecision(); _ = g.captureDecision()
        #expect(audit.events.map(\.type) == ["capture.refused", "capture.permitted", "capture.refused"])
        #expect(audit.events[1].approvalID == "auth-1")
        #expect(audit.events[1].caseNumber == "2026-0042")
        guard case .denied(let reason) = audit.events[2].outcome else { Issue.record("no denial"); return }
        #expect(reason.contains("expired"))
    }

    @Test func noCaptureWhenTheAuditLogCannotBeWritten() throws {
        let g = try makeGuard([try f.sign(f.authorization())])
        clock.set(Fixtures.start)
        audit.failing = true
        guard case .refused(let refusal) = g.captureDecision() else { Issue.record("captured without audit"); return }
        #expect(refusal.code == .auditUnavailable)
        audit.failing = false
        clock.advance(seconds: 1)
        #expect(g.captureDecision().isPermitted)
    }

    @Test func theLongestRunningValidAuthorizationIsUsed() throws {
        let g = try makeGuard([
            try f.sign(f.authorization(id: "short", expires: Fixtures.start.adding(seconds: Fixtures.hour))),
            try f.sign(f.authorization(id: "long", expires: Fixtures.start.adding(seconds: 5 * Fixtures.hour))),
        ])
        clock.set(Fixtures.start)
        guard case .permitted(let permit) = g.captureDecision() else { Issue.record("not permitted"); return }
        #expect(permit.authorizationID == "long")
    }
}
