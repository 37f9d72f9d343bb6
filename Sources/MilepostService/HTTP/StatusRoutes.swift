import MilepostCore
import Foundation
import Hummingbird
import Prometheus

/// Read-only routes every unit serves: liveness, the unit's state and Prometheus metrics.
public struct StatusRoutes: Sendable {
    public let unitID: UnitID
    public let pipeline: CapturePipeline
    public let registry: PrometheusCollectorRegistry
    /// The read store's retention purge; /status names its fault while passes fail.
    public let purgeHealth: RetentionPurgeHealth?
    /// The read uploader, when the unit forwards to a department server.
    public let upload: UploadMonitor?

    public init(unitID: UnitID, pipeline: CapturePipeline, registry: PrometheusCollectorRegistry,
                purgeHealth: RetentionPurgeHealth? = nil, upload: UploadMonitor? = nil) {
        self.unitID = unitID
        self.pipeline = pipeline
        self.registry = registry
        self.purgeHealth = purgeHealth
        self.upload = upload
    }

    struct Status: ResponseEncodable {
        var unitID: UnitID
        var captureAllowed: Bool
        var authorizationID: String?
        var refusalReason: String?
        /// Why the last retention purge failed (reads past retention may still be on the card).
        var retentionPurgeFault: String?
        /// The upload to the department server (absent when none is configured), with its
        /// backlog alarm.
        var upload: UploadMonitor.Status?
    }

    /// What /status says about a refusal: the guard's reason, or that it has not been asked yet.
    static func refusalReason(of decision: CaptureClearance?) -> String? {
        switch decision {
        case nil: return "deployment guard not consulted yet"
        case .refused(let reason)?: return reason
        case .allowed?: return nil
        }
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("health") { _, _ -> String in "ok" }
        router.get("status") { _, _ -> Status in
            let decision = await pipeline.currentDecision
            let uploadStatus = try await upload?.status()
            // Built in one expression on purpose: the same route written as a `var` mutated after
            // `decision == nil` is miscompiled by Swift 6.3.1 at -O (tools/compiler-regressions).
            return Status(unitID: unitID, captureAllowed: decision?.isAllowed ?? false,
                          authorizationID: decision?.authorizationID, refusalReason: Self.refusalReason(of: decision),
                          retentionPurgeFault: purgeHealth?.current.fault, upload: uploadStatus)
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
