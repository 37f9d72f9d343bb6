import ArgumentParser
import Foundation
import MilepostBenchmarks
import MilepostHotlist
import MilepostSystem

struct NoticesDemoHitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-hit",
        abstract: "Commit a synthetic hit notice (with generated images) to an outbox, for tests and demonstrations."
    )

    @OptionGroup var location: NoticeOutboxOption

    @Option(help: "Plate to put in the notice.")
    var plate = "ABC1234"

    func run() throws {
        let clock = SystemWallClock()
        let lock = try WriterLock(directory: location.outbox)
        defer { withExtendedLifetime(lock) {} }
        let notices = try NoticeOutbox(directory: location.outbox, receivers: [], fileSystem: DiskFileSystem(), clock: clock)
        let stored = try notices.commit(DemoNotice.make(plate: plate, capturedAtMillis: clock.now().millisecondsSinceEpoch, id: UUID().uuidString.lowercased()))
        print("committed notice \(stored.sequence) (\(stored.notice.id))")
    }
}
