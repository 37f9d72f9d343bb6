import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MilepostHotlist
import MilepostService
import MilepostSystem

struct NoticesServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the officer console and notice stream from an outbox directory (bench and browser tests; the unit serves them from `milepost run`).",
        discussion: "Audit events go to the log only; a deployed unit audits through the policy module's audit log."
    )

    @OptionGroup var location: NoticeOutboxOption

    @Option(help: "Officer tokens file (see `milepost notices issue-token`).")
    var tokens: String

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8088

    @Option(help: "Milliseconds between looks for notices committed by other processes.")
    var followMillis: Int64 = 200

    func run() async throws {
        let files = DiskFileSystem()
        let clock = SystemWallClock()
        let notices = try NoticeOutbox(directory: location.outbox, receivers: [], fileSystem: files, clock: clock, follower: true)
        let officerTokens = try OfficerTokens(fileContents: String(decoding: try files.readWholeFile(tokens), as: UTF8.self))
        let dispositions = try DispositionStore(directory: PathNames.join(location.outbox, "dispositions"), fileSystem: files)
        var logger = Logger(label: "milepost.notices")
        logger.logLevel = .notice
        let pool = BlockingPool(threadCount: 2)
        let router = Router()
        NoticeRoutes(outbox: notices, dispositions: dispositions, tokens: officerTokens,
                     audit: LoggingNoticeAuditSink(logger: logger), clock: clock,
                     queue: SerialLane(label: "milepost.notices", pool: pool)).add(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        // The outbox is written by another process (the unit, or `notices demo-hit`): follow it.
        let following = Task { [logger] in
            await notices.followExternalCommits(every: followMillis) { error in
                logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            }
        }
        defer { following.cancel() }
        try await app.runService()
    }
}
