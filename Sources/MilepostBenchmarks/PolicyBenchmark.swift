import Foundation
import MilepostPolicy
import MilepostSystem

/// What the policy checks cost, to back the claim that the deployment guard can be asked
/// before every capture cycle and that fsync-per-entry auditing keeps up.
public struct PolicyBenchmark: Sendable {
    /// Average nanoseconds per call of each measured operation.
    public struct Result: Sendable {
        public var cachedGuard: Double
        public var recomputedGuard: Double
        public var verify: Double
        public var auditAppend: Double
        public var guardCalls: Int
        public var recomputeCalls: Int
        public var verifyCalls: Int
        public var auditEntries: Int
        /// The directory the temporary audit log was in (removed afterwards).
        public var auditDirectory: String
    }

    public struct GuardRefused: Error, CustomStringConvertible {
        public var description: String { "guard refused during the benchmark" }
    }

    public static let verifyCalls = 2_000

    public var guardCalls: Int
    public var auditEntries: Int
    /// Where the temporary audit log goes (use the unit's disk).
    public var directory: String

    public init(guardCalls: Int, auditEntries: Int, directory: String) {
        self.guardCalls = guardCalls
        self.auditEntries = auditEntries
        self.directory = directory
    }

    public func run() throws -> Result {
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
        let verify = measure(Self.verifyCalls) { _ = try? targeting.verifyInForce(token, now: start, revoked: [], document: "bench") }
        let append = measure(auditEntries) {
            _ = try? log.record(AuditEvent(type: "bench", actor: .unit("bench-unit"), source: "local", object: "bench", outcome: .recorded(detail: "")))
        }
        guard permitted == guardCalls + recomputeCalls else { throw GuardRefused() }
        return Result(cachedGuard: fast, recomputedGuard: slow, verify: verify, auditAppend: append, guardCalls: guardCalls,
                      recomputeCalls: recomputeCalls, verifyCalls: Self.verifyCalls, auditEntries: auditEntries, auditDirectory: dir)
    }

    private func measure(_ count: Int, _ body: () -> Void) -> Double {
        let begin = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count { body() }
        return Double(DispatchTime.now().uptimeNanoseconds - begin) / Double(max(count, 1))
    }
}

extension PolicyBenchmark.Result {
    /// The lines `milepost audit bench` prints.
    public var report: [String] {
        [
            "deployment guard, cached decision:   \(Self.format(cachedGuard)) per call (\(guardCalls) calls)",
            "deployment guard, recomputed:        \(Self.format(recomputedGuard)) per call (\(recomputeCalls) calls)",
            "authorization verify (Ed25519+JSON): \(Self.format(verify)) per document (\(verifyCalls) documents)",
            "audit append + fsync:                \(Self.format(auditAppend)) per entry (\(auditEntries) entries, \(auditDirectory))",
            String(format: "ratios: verify / cached guard = %.0f; fsync append / cached guard = %.0f", verify / cachedGuard, auditAppend / cachedGuard),
        ]
    }

    /// A duration in nanoseconds, in the largest unit that keeps it at 1 or more.
    static func format(_ nanoseconds: Double) -> String {
        nanoseconds >= 1_000_000 ? String(format: "%.2f ms", nanoseconds / 1e6)
            : nanoseconds >= 1_000 ? String(format: "%.2f µs", nanoseconds / 1e3) : String(format: "%.0f ns", nanoseconds)
    }
}
