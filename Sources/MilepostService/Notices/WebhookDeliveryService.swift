import Logging
import MilepostHotlist
import ServiceLifecycle

/// The webhook dispatcher as a service of the running unit. On graceful shutdown it stops
/// starting attempts and closes its HTTP client; whatever is still pending stays in the
/// durable outbox and is delivered after the next start.
public struct WebhookDeliveryService: Service {
    let dispatcher: WebhookDispatcher
    let transport: AsyncHTTPClientTransport
    let logger: Logger

    public init(dispatcher: WebhookDispatcher, transport: AsyncHTTPClientTransport, logger: Logger) {
        self.dispatcher = dispatcher
        self.transport = transport
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [dispatcher] in
            await dispatcher.run()
        }
        try await transport.shutdown()
        logger.notice("webhook delivery stopped; undelivered notices stay in the outbox")
    }
}
