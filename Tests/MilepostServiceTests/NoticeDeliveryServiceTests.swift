import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostHotlist
import MilepostSystem
import ServiceLifecycle
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

/// The unit's webhook delivery as a service, against a real receiver on loopback.
@Suite struct NoticeDeliveryServiceTests {
    @Test func aCommittedNoticeIsPostedSignedAndTheServiceStopsOnGracefulShutdown() async throws {
        let secret = Array("loopback-secret-0123456789".utf8)
        let bodies = Locked<[(body: [UInt8], signature: String?, key: String?)]>([])
        let (arrivals, arrived) = AsyncStream<Void>.makeStream()
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            bodies.withLock {
                $0.append((Array(buffer: body), request.headers[HTTPField.Name("X-Milepost-Signature")!],
                           request.headers[HTTPField.Name("Idempotency-Key")!]))
            }
            arrived.yield()
            return .ok
        }
        var quiet = Logger(label: "delivery-test")
        quiet.logLevel = .critical
        let (ports, portFound) = AsyncStream<Int>.makeStream()
        let receiverApp = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { portFound.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let receiverGroup = ServiceGroup(configuration: .init(services: [receiverApp], logger: quiet))
        let receiverRunning = Task { try await receiverGroup.run() }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())

        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: FaultInjectingFileSystem(), clock: SystemWallClock())
        let receiver = try WebhookReceiver(name: "cad", url: "http://127.0.0.1:\(port)/hook", secret: secret, testReceiver: true)
        let transport = AsyncHTTPClientTransport()
        let service = WebhookDeliveryService(
            dispatcher: WebhookDispatcher(outbox: outbox, receivers: [receiver], transport: transport, clock: SystemWallClock(), pool: .forTests, logger: quiet),
            transport: transport, logger: quiet)
        let unitGroup = ServiceGroup(configuration: .init(services: [service], logger: quiet))
        let unitRunning = Task { try await unitGroup.run() }

        let stored = try outbox.commit(makeNotice("n-1"))
        var arrivalIterator = arrivals.makeAsyncIterator()
        await arrivalIterator.next()
        let received = try #require(bodies.withLock { $0.first })
        #expect(received.key == "n-1")
        #expect(WebhookSignature.verify(header: try #require(received.signature), body: received.body, secret: secret,
                                        now: SystemWallClock().now().millisecondsSinceEpoch / 1000))
        #expect(try JSONDecoder().decode(StoredNotice.self, from: Data(received.body)) == stored)
        while !outbox.pendingDeliveries().isEmpty { try await Task.sleep(for: .milliseconds(5)) }

        await unitGroup.triggerGracefulShutdown()
        try await unitRunning.value
        await receiverGroup.triggerGracefulShutdown()
        try await receiverRunning.value
    }
}
