import ArgumentParser
import MilepostBenchmarks

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
        let benchmark = NoticeDeliveryBenchmark(count: count, rate: rate, failRate: failRate,
                                                senderCommand: ["notices", NoticesBenchSenderCommand.configuration.commandName!])
        let passed: Bool
        do {
            passed = try await benchmark.run()
        } catch let failed as NoticeDeliveryBenchmark.TemporaryDirectoryFailed {
            throw ValidationError(failed.description)
        }
        if !passed { throw ExitCode(1) }
    }
}
