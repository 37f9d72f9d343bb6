import Foundation
import Logging
import MilepostHotlist
import MilepostCore
import MilepostSystem

/// The sending half of ``NoticeDeliveryBenchmark``, run as a child process so the benchmark
/// can kill it with SIGKILL. Prints `committed <sequence> <id>` after each durable commit and
/// `drained` once nothing is pending, flushing standard output after each line.
public struct NoticeBenchSender: Sendable {
    public var outbox: String
    public var url: String
    public var secret: String
    public var count: Int
    public var rate: Double

    public init(outbox: String, url: String, secret: String, count: Int, rate: Double) {
        self.outbox = outbox
        self.url = url
        self.secret = secret
        self.count = count
        self.rate = rate
    }

    public func run() async throws {
        let clock = SystemWallClock()
        let lock = try WriterLock(directory: outbox)
        defer { withExtendedLifetime(lock) {} }
        let notices = try NoticeOutbox(directory: outbox, receivers: ["bench"], fileSystem: DiskFileSystem(), clock: clock)
        let receiver = try WebhookReceiver(name: "bench", url: url, secret: Array(secret.utf8), testReceiver: true)
        let transport = AsyncHTTPClientTransport()
        var logger = Logger(label: "bench-sender")
        logger.logLevel = .error
        let pool = BlockingPool(threadCount: 2)
        // The unit's own delivery settings (backoff, timeout), so the figures are the unit's.
        let dispatcher = WebhookDispatcher(outbox: notices, receivers: [receiver], transport: transport, clock: clock, pool: pool, logger: logger)
        let delivering = Task { await dispatcher.run() }

        let template = try DemoNotice.make(plate: "BENCH0", capturedAtMillis: 0, id: "template")
        let interval = 1_000 / rate
        let start = clock.now().millisecondsSinceEpoch
        for index in 0..<count {
            let due = start + Int64(Double(index) * interval)
            try await clock.sleep(until: UTCTime(millisecondsSinceEpoch: due))
            var notice = template
            notice.id = "bench-\(ProcessInfo.processInfo.processIdentifier)-\(index)"
            notice.plate = "B\(index)"
            notice.capturedAtMillis = clock.now().millisecondsSinceEpoch
            let stored = try notices.commit(notice)
            print("committed \(stored.sequence) \(notice.id)")
            fflush(nil)  // every output stream; Swift 6 will not read the C global `stdout`
        }
        while !notices.pendingDeliveries().isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        print("drained")
        fflush(nil)
        delivering.cancel()
        _ = await delivering.value
        try await transport.shutdown()
        try await pool.shutdown()
    }
}
