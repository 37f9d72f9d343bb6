import MilepostPolicy

/// Asks the policy module's deployment guard, which answers from memory in microseconds, so
/// asking before every cycle costs nothing.
public struct PolicyCapturePermission: CapturePermission {
    let deploymentGuard: any DeploymentGuard

    public init(deploymentGuard: any DeploymentGuard) {
        self.deploymentGuard = deploymentGuard
    }

    public func decision() async -> CaptureClearance {
        switch deploymentGuard.captureDecision() {
        case .permitted(let permit):
            return .allowed(authorizationID: permit.authorizationID, permittedHotlists: Set(permit.hotlists),
                            site: CaptureSite(latitude: permit.site.latitude, longitude: permit.site.longitude,
                                              description: permit.site.description))
        case .refused(let refusal):
            return .refused(reason: refusal.reason)
        }
    }
}
