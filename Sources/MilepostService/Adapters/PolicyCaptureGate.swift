import MilepostHardware
import MilepostPolicy

/// The sequencer's own gate, backed by the deployment guard: a second, synchronous check
/// right before the IR turns on, so no cycle can start between a revocation and the
/// pipeline's next look.
public struct PolicyCaptureGate: CaptureGate {
    let deploymentGuard: any DeploymentGuard

    public init(deploymentGuard: any DeploymentGuard) {
        self.deploymentGuard = deploymentGuard
    }

    public func isCaptureAllowed() -> Bool {
        deploymentGuard.captureDecision().isPermitted
    }
}
