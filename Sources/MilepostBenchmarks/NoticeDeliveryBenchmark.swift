import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostHotlist
import ServiceLifecycle
import MilepostSystem

/// Capture-to-webhook latency on loopback with a failing receiver, then kill -9 of the sender
/// and replay. A receiver on 127.0.0.1 answers 503 to a fraction of requests at random (the
/// sender retries). A child sender commits notices at a steady rate. Two thirds of the way in,
/// the receiver goes down; shortly after, the sender is killed with SIGKILL. The receiver comes
/// back and a new sender replays everything pending from the outbox, then commits the rest of
/// the stream.
public struct NoticeDeliveryBenchmark: Sendable {
    public struct TemporaryDirectoryFailed: Error, CustomStringConvertible {
        public var description: String { "cannot create a temporary directory" }
    }

    public var count: Int
    public var rate: Double
    public var failRate: Double
    /// The arguments that make this executable run ``NoticeBenchSender`` (its options follow).
    public var senderCommand: [String]

    public init(count: Int, rate: Double, failRate: Double, senderCommand: [String]) {
        self.count = count
        self.rate = rate
        self.failRate = failRate
        self.senderCommand = senderCommand
    }

    /// Runs the benchmark, printing its lines to `output`; true when p99 < 250 ms, nothing was
    /// lost, every signature verified and the restarted sender drained.
    public func run(output: (String) -> Void = { print($0) }) async throws -> Bool {
        let work = try Self.temporaryDirectory()
        let outboxDirectory = work + "/outbox"
        let secret = "bench-secret-\(UUID().uuidString)"
        let receiver = NoticeBenchReceiver(secret: Array(secret.utf8), failRate: failRate)
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            let status = receiver.receive(body: Array(buffer: body),
                                          signature: request.headers[HTTPField.Name("X-Milepost-Signature")!],
                                          key: request.headers[HTTPField.Name("Idempotency-Key")!])
            return Response(status: .init(code: status))
        }
        let port = Locked<Int?>(nil)
        var logger = Logger(label: "bench-receiver")
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } }, logger: logger)
        let serverGroup = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let server = Task { try await serverGroup.run() }
        defer { server.cancel() }
        while port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        let url = "http://127.0.0.1:\(port.withLock { $0 }!)/hook"

        let downAt = count * 2 / 3
        let killAt = min(count, downAt + 30)
        let senderArguments = senderCommand + ["--outbox", outboxDirectory, "--url", url, "--secret", secret]
        let first = try ChildProcess(arguments: senderArguments + ["--count", String(count), "--rate", String(rate)])
        var committed = 0
        for await line in first.lines {
            guard line.hasPrefix("committed ") else { continue }
            committed += 1
            if committed == downAt { receiver.setUp(false) }
            if committed == killAt {
                first.kill()
                break
            }
        }
        first.wait()
        let killedAt = Date()
        receiver.setUp(true)
        output("sender killed with SIGKILL after \(committed) commits; \(receiver.uniqueCount) received so far")

        // The restarted sender replays what is pending, then carries on with the rest of the stream.
        let second = try ChildProcess(arguments: senderArguments + ["--count", String(max(0, count - committed)), "--rate", String(rate)])
        var drained = false
        for await line in second.lines where line == "drained" { drained = true }
        second.wait()
        let replaySeconds = Date().timeIntervalSince(killedAt)

        let outbox = try NoticeOutbox(directory: outboxDirectory, receivers: [], fileSystem: DiskFileSystem(), clock: SystemWallClock())
        let all = try outbox.notices(after: 0, limit: Int.max).map(\.notice.id)
        let report = receiver.report(committed: all)
        output("receiver: \(report.received) unique notices, \(report.duplicates) duplicate deliveries, \(report.failedOnPurpose) requests failed on purpose, \(report.badSignatures) bad signatures")
        output("replay after kill -9: \(report.replayed) notices pending at the kill delivered by the restarted sender; it finished the stream \(String(format: "%.2f", replaySeconds)) s after the kill\(drained ? "" : " (sender did not drain)")")
        output("latency over \(report.live.count) live notices (receiver up, before the kill and after the restart): p50 \(report.percentile(50)) ms, p99 \(report.percentile(99)) ms, max \(report.live.max() ?? 0) ms")
        output("of which \(report.afterRestart.count) after the restart: p50 \(report.percentile(50, of: report.afterRestart)) ms, p99 \(report.percentile(99, of: report.afterRestart)) ms")
        output("p99 \(report.percentile(99)) ms, \(all.count) notices, \(report.lost) lost")
        try? FileManager.default.removeItem(atPath: work)
        await serverGroup.triggerGracefulShutdown()
        try? await server.value
        return report.percentile(99) < 250 && report.lost == 0 && report.badSignatures == 0 && drained
    }

    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/milepost-notice-bench-XXXXXX".utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TemporaryDirectoryFailed()
        }
        return String(cString: path)
    }
}
