import MilepostPolicy
import MilepostSystem

/// Asks the policy module's deployment guard, which answers from memory in microseconds, so
/// asking before every cycle costs nothing. When its decision changes the guard writes an
/// audit entry, and about once a minute it persists its time floor (both fsynced), so it is
/// asked on `queue`: a queue of its own, not the policy queue, so that a long search cannot
/// delay a revocation taking effect (the audit log's lock keeps every entry whole and chained).
public struct PolicyCapturePermission: CapturePermission {
    let deploymentGuard: any DeploymentGuard
    let queue: SerialLane

    public init(deploymentGuard: any DeploymentGuard, queue: SerialLane) {
        self.deploymentGuard = deploymentGuard
        self.queue = queue
    }

    public func decision() async -> CaptureClearance {
        let decision: CaptureDecision
        do {
            decision = try await queue.run { [deploymentGuard] in deploymentGuard.captureDecision() }
        } catch {
            return .refused(reason: "the unit is stopping: \(error)")
        }
        switch decision {
        case .permitted(let permit):
            return .allowed(authorizationID: permit.authorizationID, permittedHotlists: Set(permit.hotlists),
                            site: permit.site)
        case .refused(let refusal):
            return .refused(reason: refusal.reason)
        }
    }
}
