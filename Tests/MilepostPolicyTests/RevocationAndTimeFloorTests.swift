import MilepostCore
import Testing
@testable import MilepostPolicy
import MilepostSystem
import MilepostTesting
import SystemPackage

@Suite struct RevocationRegistryTests {
    let f = Fixtures()
    let fs = FaultInjectingFileSystem(directories: ["/state"])
    var now: UTCTime { Fixtures.start }

    func registry() throws -> RevocationRegistry {
        try RevocationRegistry(fileSystem: fs, path: "/state/revocations.paseto", documents: f.verifier)
    }

    func code(_ body: () throws -> Void) -> PolicyError.Code? {
        do { try body(); return nil } catch let e as PolicyError { return e.code } catch { return .io }
    }

    @Test func aListThatCannotBeLookedAtStopsTheOpenInsteadOfBeingTakenForNone() throws {
        try registry().install(try f.sign(f.revocationList(version: 1, revoked: ["auth-0"])), now: now, document: "v1")
        fs.injectError(.ioError, on: .stat)
        #expect(code { _ = try registry() } == .io)
        #expect(try registry().revokedIDs == ["auth-0"])
    }

    @Test func newerListsReplaceOlderOnesAndPersist() throws {
        let r = try registry()
        try r.install(try f.sign(f.revocationList(version: 1, revoked: ["auth-0"])), now: now, document: "v1")
        try r.install(try f.sign(f.revocationList(version: 2, revoked: ["auth-0", "auth-1"])), now: now, document: "v2")
        #expect(r.revokedIDs == ["auth-0", "auth-1"])
        #expect(try registry().current?.version == 2)
    }

    @Test func aReplayedOlderOrEqualListIsRefused() throws {
        let r = try registry()
        let v1 = try f.sign(f.revocationList(version: 1))
        try r.install(v1, now: now, document: "v1")
        try r.install(try f.sign(f.revocationList(version: 3, revoked: ["auth-1"])), now: now, document: "v3")
        #expect(code { try r.install(v1, now: now, document: "v1") } == .revocationListReplayed)
        #expect(code { try r.install(try f.sign(f.revocationList(version: 3)), now: now, document: "v3b") } == .revocationListReplayed)
        #expect(r.current?.version == 3)
        #expect(r.revokedIDs == ["auth-1"])
    }

    @Test func aListCannotUndoARevocation() throws {
        let r = try registry()
        try r.install(try f.sign(f.revocationList(version: 1, revoked: ["auth-1"])), now: now, document: "v1")
        let error = #expect(throws: PolicyError.self) { try r.install(try f.sign(f.revocationList(version: 2)), now: now, document: "v2") }
        #expect(error?.message.contains("auth-1") == true)
    }

    @Test func searchesNeedAnUnexpiredList() throws {
        let r = try registry()
        #expect(code { try r.requireFresh(now: now) } == .revocationListMissing)
        try r.install(try f.sign(f.revocationList(version: 1, expires: now.adding(seconds: 60))), now: now, document: "v1")
        #expect(code { try r.requireFresh(now: now.adding(seconds: 59)) } == nil)
        #expect(code { try r.requireFresh(now: now.adding(seconds: 60)) } == .revocationListExpired)
        // Revocations stay in force after the list expires.
        #expect(r.current != nil)
    }

    @Test func anAlreadyExpiredListIsNotInstalled() throws {
        let r = try registry()
        let stale = try f.sign(f.revocationList(version: 1, issuedAt: now.adding(seconds: -7200), expires: now.adding(seconds: -1)))
        #expect(code { try r.install(stale, now: now, document: "v1") } == .revocationListExpired)
    }

    @Test func aDesigneeNeedsRevocationScope() throws {
        let r = try registry()
        let token = try f.sign(f.revocationList(version: 1), byDesigneeUnder: try f.delegation(scope: [.targeting]))
        #expect(code { try r.install(token, now: now, document: "v1") } == .delegationOutOfScope)
        let allowed = try f.sign(f.revocationList(version: 1), byDesigneeUnder: try f.delegation(scope: [.revocation]))
        try r.install(allowed, now: now, document: "v1")
    }
}

@Suite struct TimeFloorTests {
    let fs = FaultInjectingFileSystem(directories: ["/state"])
    let t0 = Fixtures.start

    @Test func aClockBehindTheFloorBeyondTheLeewayIsARollback() throws {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor", leewaySeconds: 120)
        #expect(floor.evaluate(t0) == .ok)
        #expect(floor.evaluate(t0.adding(seconds: -120)) == .ok)
        #expect(floor.evaluate(t0.adding(seconds: -121)) == .rollback(clock: t0.adding(seconds: -121), floor: t0))
        #expect(floor.refusal(floor.evaluate(t0.adding(seconds: -3600)))?.code == .clockRollback)
    }

    @Test func aFloorThatCannotBeLookedAtStopsTheOpenInsteadOfStartingAtZero() throws {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor", persistIntervalSeconds: 60)
        _ = floor.evaluate(t0)
        fs.injectError(.ioError, on: .stat)
        #expect(throws: PolicyError.self) { try TimeFloor(fileSystem: fs, path: "/state/time-floor") }
        #expect(try TimeFloor(fileSystem: fs, path: "/state/time-floor").floor == t0)
    }

    @Test func aSignedIssueTimeThatCannotBeWrittenIsRefusedNotKeptOnlyInMemory() throws {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor")
        fs.failEvery(.write, with: .noSpace)
        #expect(throws: PolicyError.self) { try floor.raise(to: t0) }
        #expect(floor.persistFailure?.contains("No space left on device") == true)
        fs.stopFailing(.write)
        try floor.raise(to: t0)
        #expect(try TimeFloor(fileSystem: fs, path: "/state/time-floor").floor == t0)
    }

    @Test func theFloorSurvivesARestart() throws {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor", persistIntervalSeconds: 60)
        _ = floor.evaluate(t0)
        _ = floor.evaluate(t0.adding(seconds: 30))  // not yet persisted: within the interval
        #expect(try TimeFloor(fileSystem: fs, path: "/state/time-floor").floor == t0)
        _ = floor.evaluate(t0.adding(seconds: 61))
        let reopened = try TimeFloor(fileSystem: fs, path: "/state/time-floor", leewaySeconds: 120)
        #expect(reopened.floor == t0.adding(seconds: 61))
        #expect(reopened.evaluate(t0.adding(seconds: -100)) != .ok)
    }

    @Test func signedIssueTimesRaiseTheFloorAtOnce() throws {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor")
        try floor.raise(to: t0)
        #expect(try TimeFloor(fileSystem: fs, path: "/state/time-floor").floor == t0)
    }

    @Test func anIssueTimeTheClockHadAlreadyPassedIsStillWrittenAtOnce() throws {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor", persistIntervalSeconds: 60)
        _ = floor.evaluate(t0)
        _ = floor.evaluate(t0.adding(seconds: 30))  // the floor in memory passes t0 + 10 s, not yet on disk
        try floor.raise(to: t0.adding(seconds: 10))
        fs.powerCut(.dropUnsynced)
        #expect(try TimeFloor(fileSystem: fs, path: "/state/time-floor").floor >= t0.adding(seconds: 10))
    }

    @Test func aDamagedFloorFileIsAnErrorNotAReset() throws {
        try fs.writeFileAtomically("/state/time-floor", Array("yesterday\n".utf8), permissions: 0o644)
        let error = #expect(throws: PolicyError.self) { try TimeFloor(fileSystem: fs, path: "/state/time-floor") }
        #expect(error?.message.contains("/state/time-floor") == true)
    }

    @Test func aFailedWriteKeepsTheFloorInMemoryAndSaysSo() throws {
        let floor = try TimeFloor(fileSystem: fs, path: "/state/time-floor", persistIntervalSeconds: 0)
        fs.failEvery(.write, with: .noSpace)
        #expect(floor.evaluate(t0) == .ok)
        #expect(floor.persistFailure?.contains("No space left on device") == true)
        #expect(floor.evaluate(t0.adding(seconds: -600)) != .ok)
    }
}
