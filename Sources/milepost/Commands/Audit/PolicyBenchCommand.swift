import ArgumentParser
import Foundation
import MilepostPolicy
import MilepostSystem

/// `milepost audit bench`: what the policy checks cost, to back the claim that the deployment
/// guard can be asked before every capture cycle and that fsync-per-entry auditing keeps up.
struct PolicyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the deployment guard per cycle, document verification and fsynced audit appends."
    )

    @Option(help: "Guard calls to time.")
    var guardCalls: Int = 1_000_000

    @Option(help: "Audit entries to append (each fsynced).")
    var auditEntries: Int = 200

    @Option(help: "Directory for the temporary audit log (use the unit's disk).")
    var directory: String = NSTemporaryDirectory()

    func run() throws {
        let clock = SystemWallClock()
        let chief = PolicySigningKey.generate(holder: KeyHolder(role: .chief, name: "Bench Chief", organisation: "bench"))
        let start = clock.now()
        let auth = TargetingAuthorization(id: "bench", serial: 1, units: ["bench-unit"], site: .init(latitude: 0, longitude: 0, description: "bench"),
                                          purpose: .routinePatrol, hotlists: ["h"], notBefore: start, expires: start.adding(seconds: 3600),
                                          approvingOfficial: ApprovingOfficial(key: chief), issuedAt: start)
        let token = try SignedDocument.sign(auth, kind: .targetingAuthorization, key: chief)
        let targeting = TargetingVerifier(documents: try DocumentVerifier(chief: chief.publicKey), unitID: "bench-unit")

        let dir = (directory as NSString).appendingPathComponent("milepost-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try AuditLog(storage: FileAuditStorage(path: dir + "/audit.log"), checkpoints: FileAuditStorage(path: dir + "/cp"), clock: clock)
        let floor = try TimeFloor(fileSystem: DiskFileSystem(), path: dir + "/time-floor")
        let deploymentGuard = PolicyDeploymentGuard(unitID: "bench-unit", clock: clock, timeFloor: floor, audit: log)
        let verified = try targeting.verifyInForce(token, now: start, revoked: [], document: "bench")
        deploymentGuard.update(authorizations: [verified], revoked: [])

        var permitted = 0
        let fast = measure(guardCalls) { if deploymentGuard.captureDecision().isPermitted { permitted += 1 } }
        let recomputeCalls = max(guardCalls / 100, 1)
        let slow = measure(recomputeCalls) {
            deploymentGuard.update(authorizations: [verified], revoked: [])
            if deploymentGuard.captureDecision().isPermitted { permitted += 1 }
        }
        let verifyCalls = 2_000
        let verify = measure(verifyCalls) { _ = try? targeting.verifyInForce(token, now: start, revoked: [], document: "bench") }
        let append = measure(auditEntries) {
            _ = try? log.record(AuditEvent(type: "bench", actor: .unit("bench-unit"), source: "local", object: "bench", outcome: .recorded(detail: "")))
        }
        guard permitted == guardCalls + recomputeCalls else { throw ValidationError("guard refused during the benchmark") }

        print("deployment guard, cached decision:   \(format(fast)) per call (\(guardCalls) calls)")
        print("deployment guard, recomputed:        \(format(slow)) per call (\(recomputeCalls) calls)")
        print("authorization verify (Ed25519+JSON): \(format(verify)) per document (\(verifyCalls) documents)")
        print("audit append + fsync:                \(format(append)) per entry (\(auditEntries) entries, \(dir))")
        print(String(format: "ratios: verify / cached guard = %.0f; fsync append / cached guard = %.0f", verify / fast, append / fast))
    }

    private func measure(_ count: Int, _ body: () -> Void) -> Double {
        let begin = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count { body() }
        return Double(DispatchTime.now().uptimeNanoseconds - begin) / Double(max(count, 1))
    }

    private func format(_ nanoseconds: Double) -> String {
        nanoseconds >= 1_000_000 ? String(format: "%.2f ms", nanoseconds / 1e6)
            : nanoseconds >= 1_000 ? String(format: "%.2f µs", nanoseconds / 1e3) : String(format: "%.0f ns", nanoseconds)
    }
}
