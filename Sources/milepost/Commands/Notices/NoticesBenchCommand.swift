import ArgumentParser
import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostHotlist
import MilepostSystem
import NIOCore
import ServiceLifecycle

struct NoticesBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Capture-to-webhook latency on loopback with a failing receiver, then kill -9 the sender and replay.",
        discussion: """
            A receiver on 127.0.0.1 answers 503 to a fraction of requests at random (the sender \
            retries). A child sender commits notices at a steady rate. Two thirds of the way in, \
            the receiver goes down; shortly after, the sender is killed with SIGKILL. The receiver \
            comes back and a new sender replays everything pending from the outbox, then commits \
            the rest of the stream. Latency is from the notice's capture time (set just before \
            its fsynced commit) to its first accepted POST, over the notices captured while the \
            receiver was up; those pending across the outage and the kill are counted as \
            replayed. `lost` counts committed notices never received. Exits 0 only when \
            p99 < 250 ms and nothing is lost.
            """
    )

    @Option(help: "Notices to send.")
    var count = 600

    @Option(help: "Notices per second.")
    var rate = 100.0

    @Option(help: "Fraction of requests the receiver fails (503) while up.")
    var failRate = 0.05

    func run() async throws {
        let work = try temporaryDirectory()
        let outboxDirectory = work + "/outbox"
        let secret = "bench-secret-\(UUID().uuidString)"
        let receiver = BenchReceiver(secret: Array(secret.utf8), failRate: failRate)
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
        let senderArguments = ["notices", "bench-sender", "--outbox", outboxDirectory, "--url", url, "--secret", secret]
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
        print("sender killed with SIGKILL after \(committed) commits; \(receiver.uniqueCount) received so far")

        // The restarted sender replays what is pending, then carries on with the rest of the stream.
        let second = try ChildProcess(arguments: senderArguments + ["--count", String(max(0, count - committed)), "--rate", String(rate)])
        var drained = false
        for await line in second.lines where line == "drained" { drained = true }
        second.wait()
        let replaySeconds = Date().timeIntervalSince(killedAt)

        let outbox = try NoticeOutbox(directory: outboxDirectory, receivers: [], fileSystem: DiskFileSystem(), clock: SystemWallClock())
        let all = try outbox.notices(after: 0, limit: Int.max).map(\.notice.id)
        let report = receiver.report(committed: all)
        print("receiver: \(report.received) unique notices, \(report.duplicates) duplicate deliveries, \(report.failedOnPurpose) requests failed on purpose, \(report.badSignatures) bad signatures")
        print("replay after kill -9: \(report.replayed) notices pending at the kill delivered by the restarted sender; it finished the stream \(String(format: "%.2f", replaySeconds)) s after the kill\(drained ? "" : " (sender did not drain)")")
        print("latency over \(report.live.count) live notices (receiver up, before the kill and after the restart): p50 \(report.percentile(50)) ms, p99 \(report.percentile(99)) ms, max \(report.live.max() ?? 0) ms")
        print("of which \(report.afterRestart.count) after the restart: p50 \(report.percentile(50, of: report.afterRestart)) ms, p99 \(report.percentile(99, of: report.afterRestart)) ms")
        print("p99 \(report.percentile(99)) ms, \(all.count) notices, \(report.lost) lost")
        try? FileManager.default.removeItem(atPath: work)
        await serverGroup.triggerGracefulShutdown()
        try? await server.value
        if !(report.percentile(99) < 250 && report.lost == 0 && report.badSignatures == 0 && drained) { throw ExitCode(1) }
    }

    func temporaryDirectory() throws -> String {
        var template = Array("/tmp/milepost-notice-bench-XXXXXX".utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ValidationError("cannot create a temporary directory")
        }
        return String(cString: path)
    }
}

/// The loopback webhook receiver: verifies signatures, fails on purpose, records the
/// latency of each notice's first accepted delivery.
final class BenchReceiver: Sendable {
    private struct State {
        var up = true
        var phase = 0
        var recoveredAtMillis = Int64.max
        var firstReceipt: [String: (latency: Int64, phase: Int, capturedAt: Int64)] = [:]
        var duplicates = 0
        var failedOnPurpose = 0
        var badSignatures = 0
    }

    private let secret: [UInt8]
    private let failRate: Double
    private let state = Locked(State())

    init(secret: [UInt8], failRate: Double) {
        self.secret = secret
        self.failRate = failRate
    }

    /// Going down starts a new phase: notices captured before the receiver recovered and
    /// received after it went down count as replayed; everything else is live.
    func setUp(_ up: Bool) {
        state.withLock {
            $0.up = up
            if !up { $0.phase += 1 } else if $0.phase > 0 { $0.recoveredAtMillis = SystemWallClock().now().millisecondsSinceEpoch }
        }
    }

    var uniqueCount: Int { state.withLock { $0.firstReceipt.count } }

    func receive(body: [UInt8], signature: String?, key: String?) -> Int {
        let now = SystemWallClock().now().millisecondsSinceEpoch
        guard let signature, let key, WebhookSignature.verify(header: signature, body: body, secret: secret, now: now / 1000),
            let stored = try? JSONDecoder().decode(StoredNotice.self, from: Data(body)), stored.notice.id == key
        else {
            state.withLock { $0.badSignatures += 1 }
            return 401
        }
        return state.withLock { state in
            if !state.up || Double.random(in: 0..<1) < failRate {
                state.failedOnPurpose += 1
                return 503
            }
            if state.firstReceipt[key] != nil {
                state.duplicates += 1
            } else {
                state.firstReceipt[key] = (now - stored.notice.capturedAtMillis, state.phase, stored.notice.capturedAtMillis)
            }
            return 200
        }
    }

    struct Report {
        var live: [Int64]
        var afterRestart: [Int64]
        var replayed: Int
        var received: Int
        var duplicates: Int
        var failedOnPurpose: Int
        var badSignatures: Int
        var lost: Int

        func percentile(_ p: Int, of values: [Int64]? = nil) -> Int64 {
            let sorted = (values ?? live).sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, (sorted.count * p + 99) / 100 - 1)]
        }
    }

    func report(committed: [String]) -> Report {
        state.withLock { state in
            Report(
                live: state.firstReceipt.values.filter { $0.phase == 0 || $0.capturedAt >= state.recoveredAtMillis }.map(\.latency),
                afterRestart: state.firstReceipt.values.filter { $0.phase > 0 && $0.capturedAt >= state.recoveredAtMillis }.map(\.latency),
                replayed: state.firstReceipt.values.filter { $0.phase > 0 && $0.capturedAt < state.recoveredAtMillis }.count,
                received: state.firstReceipt.count, duplicates: state.duplicates, failedOnPurpose: state.failedOnPurpose,
                badSignatures: state.badSignatures, lost: committed.filter { state.firstReceipt[$0] == nil }.count)
        }
    }
}

/// This executable run again as a child, with its standard output as a stream of lines.
final class ChildProcess: @unchecked Sendable {
    private let process: Process
    let lines: AsyncStream<String>

    init(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        let (lines, continuation) = AsyncStream<String>.makeStream()
        self.lines = lines
        self.process = process
        try process.run()
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread {
            var pending = ""
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                pending += String(decoding: data, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    continuation.yield(String(pending[..<newline]))
                    pending.removeSubrange(...newline)
                }
            }
            continuation.finish()
        }
    }

    func kill() { Glibc.kill(process.processIdentifier, SIGKILL) }
    func wait() { process.waitUntilExit() }
}
