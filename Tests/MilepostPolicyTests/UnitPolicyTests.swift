import Testing
@testable import MilepostPolicy
import MilepostSystem
import MilepostTesting
import SystemPackage
import MilepostPolicyTesting

@Suite struct UnitPolicyTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start)
    let fs = FaultInjectingFileSystem()
    let auditStorage = InMemoryAuditStorage(name: "audit.log")

    @Test func installingAnAuthorizationStartsCaptureAndSurvivesARestart() throws {
        let unit = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        #expect(unit.unitID == "unit-7")
        #expect(!unit.deploymentGuard.captureDecision().isPermitted)
        let installed = try unit.install(token: try f.sign(f.authorization()), actor: AuditActor(id: "installer", organisation: "Leicester PD"), source: "cli", document: "auth.paseto")
        #expect(installed == .targetingAuthorization(id: "auth-1", serial: 1))
        #expect(unit.deploymentGuard.captureDecision().isPermitted)
        let restarted = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        #expect(restarted.deploymentGuard.captureDecision().isPermitted)
    }

    @Test func installingARevocationListStopsCapture() throws {
        let unit = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        try unit.install(token: try f.sign(f.authorization()), actor: Fixtures.detective, source: "cli", document: "a")
        #expect(unit.deploymentGuard.captureDecision().isPermitted)
        try unit.install(token: try f.sign(f.revocationList(version: 1, revoked: ["auth-1"])), actor: Fixtures.detective, source: "cli", document: "rl")
        clock.advance(milliseconds: 500)
        #expect(!unit.deploymentGuard.captureDecision().isPermitted)
    }

    @Test func refusedInstallsAreAuditedAndNameTheProblem() throws {
        let unit = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        let error = #expect(throws: PolicyError.self) {
            try unit.install(token: try f.sign(f.authorization(units: ["unit-9"])), actor: Fixtures.detective, source: "cli", document: "other.paseto")
        }
        #expect(error?.code == .unitNotCovered)
        let log = String(decoding: auditStorage.contents, as: UTF8.self)
        #expect(log.contains("policy.install-refused") && log.contains("unit-9"))
    }

    @Test func anOlderSerialCannotReplaceANewerOne() throws {
        let unit = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        try unit.install(token: try f.sign(f.authorization(serial: 2)), actor: Fixtures.detective, source: "cli", document: "a2")
        let error = #expect(throws: PolicyError.self) { try unit.install(token: try f.sign(f.authorization(serial: 1)), actor: Fixtures.detective, source: "cli", document: "a1") }
        #expect(error?.code == .staleSerial)
    }

    @Test func anInsecureUnitKeyStopsTheUnitFromStarting() throws {
        _ = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        fs.setAttributes("/var/lib/milepost/policy/unit.key", permissions: FilePermissions(rawValue: 0o644))
        let error = #expect(throws: PolicyError.self) { try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage) }
        #expect(error?.code == .insecureKeyFile)
    }

    /// `writeFileAtomically` writes through `<file>.tmp-<pid>`; a power cut can leave that
    /// temporary behind, and each boot has a new pid. Opening removes them, durably, and nothing else.
    @Test func openingRemovesTheTemporariesOfInterruptedWritesAndNothingElse() throws {
        _ = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        let layout = UnitPolicyLayout(root: "/var/lib/milepost/policy")
        let leftovers = [
            layout.revocationList + ".tmp-4242", layout.timeFloor + ".tmp-17", layout.unitKey + ".tmp-9", layout.searchUses + ".tmp-310",
            layout.authorizations + "/auth-1.paseto.tmp-88", layout.searchApprovals + "/search-1.paseto.tmp-3",
        ]
        let others = [
            layout.root + "/notes.tmp-12", layout.timeFloor + ".tmp-abc", layout.timeFloor + ".tmp-", layout.timeFloor + ".tmp",
            layout.authorizations + "/auth-1.txt.tmp-5", layout.authorizations + "/.paseto.tmp-5", layout.searchApprovals + "/keep.me",
        ]
        for path in leftovers + others { fs.overwrite(path, with: Array("partial".utf8)) }

        _ = try f.unitPolicy(clock: clock, fs: fs, audit: auditStorage)
        fs.powerCut(.dropUnsynced)
        for path in leftovers { #expect(!fs.exists(path), "\(path) was left") }
        for path in others { #expect(fs.exists(path), "\(path) was removed") }
    }
}
