import MilepostCore
@testable import MilepostPolicy
import Testing
@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct PolicyAdapterTests {
    final class FixedGuard: DeploymentGuard, Sendable {
        let decision: MilepostPolicy.CaptureDecision
        let witness: QueueWitness?
        init(_ decision: MilepostPolicy.CaptureDecision, witness: QueueWitness? = nil) {
            self.decision = decision
            self.witness = witness
        }
        func captureDecision() -> MilepostPolicy.CaptureDecision {
            witness?.note()
            return decision
        }
        var nextChangeDeadline: UTCTime { UTCTime(millisecondsSinceEpoch: 0) }
    }

    @Test func refusalCarriesTheGuardsReason() async {
        let refusal = CaptureRefusal(code: .expired, reason: "authorization TA-1 expired at 2026-11-29T00:00:00Z")
        let queue = SerialLane(label: "test.permission", pool: .forTests)
        let witness = QueueWitness(queue)
        let permission = PolicyCapturePermission(deploymentGuard: FixedGuard(.refused(refusal), witness: witness), queue: queue)
        #expect(await permission.decision() == .refused(reason: "authorization TA-1 expired at 2026-11-29T00:00:00Z"))
        #expect(witness.calls == 1 && witness.allOnQueue, "the guard (which may audit and fsync) was asked on the permission queue")
    }
}
