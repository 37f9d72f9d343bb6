import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import MilepostCore
import Prometheus
import Testing
@testable import MilepostService

@Suite struct StatusRoutesTests {
    func makeApp(decision: CaptureClearance, purgeHealth: RetentionPurgeHealth? = nil,
                 upload: UploadMonitor? = nil) async -> (some ApplicationProtocol, CapturePipeline) {
        let pipeline = CapturePipeline(
            permission: FakePermission(decision), cycles: FakeCycles(), reader: FakeReader(plates: []),
            recorder: FakeRecorder(), hits: FakeHits(hotPlates: []),
            origin: .testUnit, logger: Logger(label: "test"))
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "milepost_test_total").increment(by: Int64(3))
        let router = Router()
        StatusRoutes(unitID: "unit-9", pipeline: pipeline, registry: registry, purgeHealth: purgeHealth, upload: upload).add(to: router)
        return (Application(router: router), pipeline)
    }

    @Test func statusReportsTheRefusalReason() async throws {
        let (app, pipeline) = await makeApp(decision: .refused(reason: "no targeting authorization installed"))
        await pipeline.refreshPermission()
        try await app.test(.router) { client in
            try await client.execute(uri: "/status", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("\"captureAllowed\":false"))
                #expect(body.contains("no targeting authorization installed"))
                #expect(body.contains("unit-9"))
            }
        }
    }

    @Test func statusNamesTheAuthorizationWhenAllowed() async throws {
        let (app, pipeline) = await makeApp(decision: .allowed(authorizationID: "TA-42", permittedHotlists: []))
        await pipeline.refreshPermission()
        try await app.test(.router) { client in
            try await client.execute(uri: "/status", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("\"captureAllowed\":true"))
                #expect(body.contains("TA-42"))
            }
        }
    }

    @Test func metricsAreInPrometheusTextFormat() async throws {
        let (app, _) = await makeApp(decision: .refused(reason: "x"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(String(buffer: response.body).contains("milepost_test_total 3"))
            }
        }
    }

    @Test func statusNamesAFailingRetentionPurgeUntilAPassSucceeds() async throws {
        let health = RetentionPurgeHealth()
        let (app, _) = await makeApp(decision: .refused(reason: "x"), purgeHealth: health)
        try await app.test(.router) { client in
            try await client.execute(uri: "/status", method: .get) { response in
                #expect(!String(buffer: response.body).contains("retentionPurgeFault"))
            }
            health.failed("the read store's retention purge failed: EIO")
            try await client.execute(uri: "/status", method: .get) { response in
                #expect(String(buffer: response.body).contains("\"retentionPurgeFault\":\"the read store's retention purge failed: EIO\""))
            }
            health.succeeded(at: UTCTime(millisecondsSinceEpoch: 0))
            try await client.execute(uri: "/status", method: .get) { response in
                #expect(!String(buffer: response.body).contains("retentionPurgeFault"))
            }
        }
    }

    @Test func statusShowsTheUploadWithItsBacklogAlarmOnlyWhenAServerIsConfigured() async throws {
        let (plain, _) = await makeApp(decision: .refused(reason: "x"))
        try await plain.test(.router) { client in
            try await client.execute(uri: "/status", method: .get) { response in
                #expect(!String(buffer: response.body).contains("\"upload\""))
            }
        }
        let bench = try UploadBench(segments: 4)
        bench.store.setUploadMark(through: 0)
        let monitor = UploadMonitor(server: "https://alpr.lpd.example.gov", store: bench.store, lane: bench.lane, health: bench.health)
        let (app, _) = await makeApp(decision: .refused(reason: "x"), upload: monitor)
        try await app.test(.router) { client in
            try await client.execute(uri: "/status", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("alpr.lpd.example.gov"))
                #expect(body.contains("\"waitingReads\":0"))
                #expect(!body.contains("backlogAlarm"))
            }
            while try await monitor.status().backlogAlarm == nil { try bench.append(1) }
            try await client.execute(uri: "/status", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("\"backlogAlarm\":\"reads not yet uploaded fill"))
                #expect(body.contains("\"waitingReads\":\(bench.store.uploadBacklog().waitingReads)"))
            }
        }
    }
}
