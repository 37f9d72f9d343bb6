import ArgumentParser

struct NoticesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "Hit notices: the officer's terminal client, officer tokens, a standalone console server and the delivery benchmark.",
        subcommands: [
            NoticesWatchCommand.self, NoticesIssueTokenCommand.self, NoticesDeliveriesCommand.self, NoticesServeCommand.self,
            NoticesDemoHitCommand.self, NoticesBenchCommand.self, NoticesBenchSenderCommand.self,
        ]
    )
}
