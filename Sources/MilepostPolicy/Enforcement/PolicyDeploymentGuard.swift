import Foundation
import MilepostCore

/// `DeploymentGuard` over installed, verified targeting authorizations, the revocation list and
/// the time floor. The decision is cached until its deadline, a state change, or a backwards
/// clock step; recomputing is in-memory. Every change of decision is written to the audit log;
/// if that write fails, capture is refused (no unaudited capture).
public final class PolicyDeploymentGuard: DeploymentGuard, @unchecked Sendable {  // the mutable state is read and written only under `lock`
    public let unitID: UnitID
    public let organisation: String
    private let clock: WallClock
    private let timeFloor: TimeFloor
    private let audit: AuditRecorder
    /// Why the unit's state files forbid capture (`PolicyStateReconciler.check`), or nil.
    private let stateCheck: @Sendable () -> PolicyError?
    private let lock = NSLock()
    private var authorizations: [Verified<TargetingAuthorization>] = []
    private var revoked: Set<String> = []
    private var cached: (decision: CaptureDecision, evaluatedAt: UTCTime, deadline: UTCTime)?
    private var lastAudited: CaptureDecision?
    /// Re-evaluate at least this often so the time floor keeps rising while capturing.
    static let refreshMilliseconds: Int64 = 60_000
    /// Retry interval after an audit write failure or during a clock anomaly.
    static let retryMilliseconds: Int64 = 1_000

    public init(unitID: UnitID, organisation: String = "", clock: WallClock, timeFloor: TimeFloor, audit: AuditRecorder,
                stateCheck: @escaping @Sendable () -> PolicyError? = { nil }) {
        self.stateCheck = stateCheck
        self.unitID = unitID
        self.organisation = organisation
        self.clock = clock
        self.timeFloor = timeFloor
        self.audit = audit
    }

    /// Replace the state the decision is made from; the next `captureDecision()` recomputes.
    public func update(authorizations: [Verified<TargetingAuthorization>], revoked: Set<String>) {
        lock.withLock {
            self.authorizations = authorizations
            self.revoked = revoked
            cached = nil
        }
    }

    public var nextChangeDeadline: UTCTime {
        lock.withLock { cached?.deadline ?? clock.now() }
    }

    public func captureDecision() -> CaptureDecision {
        let now = clock.now()
        return lock.withLock {
            if let cached, now >= cached.evaluatedAt, now < cached.deadline { return cached.decision }
            var (decision, deadline) = evaluate(now)
            if decision != lastAudited {
                do {
                    try audit.record(auditEvent(for: decision))
                    lastAudited = decision
                } catch {
                    decision = .refused(CaptureRefusal(code: .auditUnavailable, reason: "capture refused: the audit log cannot be written (\(error))"))
                    deadline = now.adding(milliseconds: Self.retryMilliseconds)
                }
            }
            cached = (decision, now, deadline)
            return decision
        }
    }

    private func evaluate(_ now: UTCTime) -> (CaptureDecision, UTCTime) {
        let status = timeFloor.evaluate(now)
        if let error = timeFloor.refusal(status) {
            return (.refused(CaptureRefusal(code: error.code, reason: error.message)), now.adding(milliseconds: Self.retryMilliseconds))
        }
        if let error = stateCheck() {
            return (.refused(CaptureRefusal(code: error.code, reason: error.message)), now.adding(milliseconds: Self.retryMilliseconds))
        }
        var best: (auth: Verified<TargetingAuthorization>, until: UTCTime)?
        var nextStart = UTCTime.distantFuture
        var refusal = CaptureRefusal(code: .expired, reason: "no targeting authorization is installed for unit \(unitID)")
        for verified in authorizations {
            let auth = verified.document
            let until = min(auth.expires, verified.authorityExpires)
            if revoked.contains(auth.id) {
                refusal = CaptureRefusal(code: .revoked, reason: "authorization \(auth.id) has been revoked")
            } else if let delegation = verified.delegation, revoked.contains(delegation.id) {
                refusal = CaptureRefusal(code: .revoked, reason: "delegation \(delegation.id) under which authorization \(auth.id) was signed has been revoked")
            } else if now < auth.notBefore {
                nextStart = min(nextStart, auth.notBefore)
                refusal = CaptureRefusal(code: .notYetValid, reason: "authorization \(auth.id) is not valid before \(auth.notBefore)")
            } else if now >= until {
                let what = until < auth.expires ? "the delegation of authorization \(auth.id)" : "authorization \(auth.id)"
                refusal = CaptureRefusal(code: until < auth.expires ? .delegationExpired : .expired, reason: "\(what) expired at \(until)")
            } else if best == nil || until > best!.until {
                best = (verified, until)
            }
        }
        let refresh = now.adding(milliseconds: Self.refreshMilliseconds)
        guard let best else {
            return (.refused(refusal), min(nextStart, refresh))
        }
        let auth = best.auth.document
        let permit = CapturePermit(authorizationID: auth.id, serial: auth.serial, purpose: auth.purpose, hotlists: auth.hotlists, site: auth.site, validUntil: best.until)
        return (.permitted(permit), min(best.until, refresh))
    }

    private func auditEvent(for decision: CaptureDecision) -> AuditEvent {
        switch decision {
        case .permitted(let permit):
            return AuditEvent(type: "capture.permitted", actor: .unit(unitID, organisation: organisation), source: "local", object: permit.authorizationID,
                              purpose: permit.purpose.description, caseNumber: permit.purpose.caseNumber, approvalID: permit.authorizationID,
                              outcome: .allowed(resultCount: nil))
        case .refused(let refusal):
            let type = refusal.code == .clockRollback ? "clock.rollback" : "capture.refused"
            return AuditEvent(type: type, actor: .unit(unitID, organisation: organisation), source: "local", object: "capture", outcome: .denied(reason: refusal.reason))
        }
    }
}
