import Logging
import MilepostHotlist
import ServiceLifecycle

/// The webhook dispatcher (webhook receivers and the department server) as a service of the running unit. On graceful shutdown it stops
/// starting attempts and closes its HTTP client; whatever is still pending stays in the
/// durable outbox and is delivered after the next start.
public struct WebhookDeliveryService: Service {
    let dispatcher: WebhookDispatcher
    let transport: AsyncHTTPClientTransport
    /// The department server's, when the unit forwards notices to one.
    let serverTransport: AsyncHTTPClientTransport?
    let logger: Logger

    public init(dispatcher: WebhookDispatcher, transport: AsyncHTTPClientTransport, logger: Logger) {
        self.init(dispatcher: dispatcher, transport: transport, serverTransport: nil, logger: logger)
    }

    init(dispatcher: WebhookDispatcher, transport: AsyncHTTPClientTransport, serverTransport: AsyncHTTPClientTransport?, logger: Logger) {
        self.dispatcher = dispatcher
        self.transport = transport
        self.serverTransport = serverTransport
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [dispatcher] in
            await dispatcher.run()
        }
        var failure: (any Error)?
        do { try await transport.shutdown() } catch { failure = error }
        do { try await serverTransport?.shutdown() } catch { failure = failure ?? error }
        if let failure { throw failure }
        logger.notice("webhook delivery stopped; undelivered notices stay in the outbox")
    }
}
