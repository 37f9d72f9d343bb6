import ArgumentParser
import MilepostBenchmarks

/// The sending half of `milepost notices bench`, run as a child process so the benchmark
/// can kill it with SIGKILL. Prints `committed <sequence> <id>` after each durable commit
/// and `drained` once nothing is pending.
struct NoticesBenchSenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sender", abstract: "Internal: the sender process of `milepost notices bench`.", shouldDisplay: false)

    @Option var outbox: String
    @Option var url: String
    @Option var secret: String
    @Option var count = 0
    @Option var rate = 100.0

    func run() async throws {
        try await NoticeBenchSender(outbox: outbox, url: url, secret: secret, count: count, rate: rate).run()
    }
}
