import ArgumentParser

/// `--outbox` of the notice commands that work on an outbox directory they are given.
struct NoticeOutboxOption: ParsableArguments {
    @Option(help: "The notice outbox directory.")
    var outbox: String
}
