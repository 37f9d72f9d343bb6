import Hummingbird
import Logging
import ServiceLifecycle
import Testing
@testable import MilepostService

/// The API under clients that open connections and say nothing, or trickle a header: a live
/// server on 127.0.0.1 built with `HTTPServerLimits` as `milepost run` builds it.
@Suite struct HTTPServerLimitsTests {
    /// Runs a server with `limits` and a /health route for the duration of `body`.
    func withServer(_ limits: HTTPServerLimits, _ body: @Sendable (Int) async throws -> Void) async throws {
        var logger = Logger(label: "http-limits-test")
        logger.logLevel = .warning
        let router = Router()
        router.get("health") { _, _ -> String in "ok" }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, server: limits.server,
                              configuration: limits.configuration(address: .hostname("127.0.0.1", port: 0), logger: logger),
                              onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            var portIterator = ports.makeAsyncIterator()
            let port = try #require(await portIterator.next())
            do {
                try await body(port)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Waits until `condition` holds or `timeout` passes; whether it held.
    func eventually(within timeout: Duration, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    @Test func connectionsBeyondTheCapAreNotAccepted() async throws {
        let limits = HTTPServerLimits(maximumConnections: 4, idleTimeout: .seconds(30))
        try await withServer(limits) { port in
            let silent = try (0..<20).map { _ in try LoopbackConnection(port: port) }
            let reachedCap = try await eventually(within: .seconds(3)) {
                try acceptedConnections(onPort: port) >= limits.maximumConnections
            }
            #expect(reachedCap, "the server serves up to its cap")
            var mostAccepted = 0
            let sampleEnd = ContinuousClock.now + .milliseconds(400)
            while ContinuousClock.now < sampleEnd {
                mostAccepted = max(mostAccepted, try acceptedConnections(onPort: port))
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(mostAccepted <= limits.maximumConnections + HTTPServerLimits.acceptBurst,
                    "\(silent.count) silent clients; the server took \(mostAccepted) descriptors for them")
        }
    }

    @Test func aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() async throws {
        try await withServer(HTTPServerLimits(idleTimeout: .milliseconds(500))) { port in
            let silent = try LoopbackConnection(port: port)
            let closed = try await eventually(within: .seconds(3)) { silent.isClosedByServer }
            #expect(closed, "a connection that sent nothing is still open 3 s after a 0.5 s idle timeout")
        }
    }

    @Test func aClientTricklingAHeaderIsClosedAfterTheIdleTimeout() async throws {
        try await withServer(HTTPServerLimits(idleTimeout: .milliseconds(500))) { port in
            let slow = try LoopbackConnection(port: port)
            slow.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let deadline = ContinuousClock.now + .seconds(3)
            var line = 0
            while ContinuousClock.now < deadline, !slow.isClosedByServer {
                line += 1
                slow.send("X-Slow-\(line): \(line)\r\n")
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(slow.isClosedByServer, "a client sending one header line every 0.1 s for 3 s was never cut off")
        }
    }

    @Test func healthAnswersOnceIdleConnectionsAtTheCapTimeOut() async throws {
        let limits = HTTPServerLimits(maximumConnections: 4, idleTimeout: .milliseconds(500))
        try await withServer(limits) { port in
            let silent = try (0..<12).map { _ in try LoopbackConnection(port: port) }
            let probe = try LoopbackConnection(port: port)
            probe.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let response = try await probe.receive(until: "\r\n\r\nok", within: .seconds(6))
            #expect(response.hasPrefix("HTTP/1.1 200"), "no answer from /health: \(response.debugDescription)")
            // The last silent ones may have been accepted with the probe, a moment ago: give
            // them their idle timeout, with room for a slow (sanitized) build.
            let allClosed = try await eventually(within: .seconds(3)) { silent.allSatisfy(\.isClosedByServer) }
            let stillOpen = silent.filter { !$0.isClosedByServer }.count
            #expect(allClosed, "\(stillOpen) silent connections ahead of /health were not closed")
        }
    }

    @Test func theCapShrinksToFitTheOpenFileLimit() throws {
        let fitted = try HTTPServerLimits(maximumConnections: 256).fitted(toOpenFileLimit: 300)
        #expect(fitted.maximumConnections == 300 - HTTPServerLimits.descriptorReserve - HTTPServerLimits.acceptBurst)
        #expect(try HTTPServerLimits(maximumConnections: 256).fitted(toOpenFileLimit: 1024).maximumConnections == 256)
    }

    @Test func anOpenFileLimitWithNoRoomForConnectionsIsRefusedByName() {
        #expect(throws: HTTPLimitError.openFileLimitTooLow(200, needed: 275)) {
            try HTTPServerLimits().fitted(toOpenFileLimit: 200)
        }
        #expect(HTTPLimitError.openFileLimitTooLow(200, needed: 275).description.contains("open-file limit is 200"))
    }

    @Test func theSoftOpenFileLimitIsRaisedToTheHardOne() throws {
        let raised = try OpenFileLimit.raisingSoftToHard()
        #expect(raised == (try OpenFileLimit.current()))
        #expect(raised.soft == raised.hard)
    }
}
