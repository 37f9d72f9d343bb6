import Foundation
import Hummingbird
import Prometheus

/// Read-only routes every unit serves: liveness, the unit's state and Prometheus metrics.
public struct StatusRoutes: Sendable {
    public let unitID: String
    public let pipeline: CapturePipeline
    public let registry: PrometheusCollectorRegistry

    public init(unitID: String, pipeline: CapturePipeline, registry: PrometheusCollectorRegistry) {
        self.unitID = unitID
        self.pipeline = pipeline
        self.registry = registry
    }

    struct Status: ResponseEncodable {
        var unitID: String
        var captureAllowed: Bool
        var authorizationID: String?
        var refusalReason: String?
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("health") { _, _ -> String in "ok" }
        router.get("status") { _, _ -> Status in
            let decision = await pipeline.currentDecision
            var status = Status(unitID: unitID, captureAllowed: decision?.isAllowed ?? false,
                                authorizationID: decision?.authorizationID, refusalReason: nil)
            if case .refused(let reason)? = decision { status.refusalReason = reason }
            if decision == nil { status.refusalReason = "deployment guard not consulted yet" }
            return status
        }
        router.get("metrics") { _, _ -> Response in
            var buffer = ByteBuffer()
            buffer.writeBytes(registry.emitToBuffer())
            return Response(status: .ok,
                            headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: buffer))
        }
    }
}
