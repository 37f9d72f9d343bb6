@testable import MilepostPolicy
import Testing
@testable import MilepostService

@Suite struct PolicyAdapterTests {
    final class FixedGuard: DeploymentGuard, @unchecked Sendable {
        let decision: MilepostPolicy.CaptureDecision
        init(_ decision: MilepostPolicy.CaptureDecision) { self.decision = decision }
        func captureDecision() -> MilepostPolicy.CaptureDecision { decision }
        var nextChangeDeadline: UTCTime { UTCTime(millisecondsSinceEpoch: 0) }
    }

    @Test func refusalCarriesTheGuardsReason() async {
        let refusal = CaptureRefusal(code: .expired, reason: "authorization TA-1 expired at 2026-11-29T00:00:00Z")
        let permission = PolicyCapturePermission(deploymentGuard: FixedGuard(.refused(refusal)))
        #expect(await permission.decision() == .refused(reason: "authorization TA-1 expired at 2026-11-29T00:00:00Z"))
    }
}
