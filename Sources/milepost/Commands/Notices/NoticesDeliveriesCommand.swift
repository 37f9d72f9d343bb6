import ArgumentParser
import Foundation
import MilepostHotlist
import MilepostSystem

/// What became of each notice at each webhook receiver, from the outbox's attempt records.
/// Reads only; safe while the unit runs.
struct NoticesDeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Show webhook delivery status per receiver and the latest failed attempts, from a unit's outbox."
    )

    @Option(help: "The notice outbox directory (outbox in the unit's state directory).")
    var outbox = "/var/lib/milepost/outbox"

    @Option(help: "How many of the latest failed attempts to list.")
    var failures = 10

    func run() throws {
        let notices = try NoticeOutbox(directory: outbox, receivers: [], fileSystem: DiskFileSystem(),
                                       clock: SystemWallClock(), follower: true)
        let records = try notices.deliveryRecords()
        print("\(notices.lastSequence) notices committed; \(records.count) delivery records")
        for (receiver, mine) in Dictionary(grouping: records, by: \.receiver).sorted(by: { $0.key < $1.key }) {
            let count = { (state: DeliveryRecord.State) in mine.filter { $0.state == state }.count }
            print("\(receiver): \(count(.delivered)) delivered, \(count(.pending)) retrying, \(count(.expired)) gave up (older than its maximum age)")
        }
        let failed = records.flatMap { record in record.attempts.filter { !$0.succeeded }.map { (record, $0) } }
            .sorted { $0.1.atMillis > $1.1.atMillis }.prefix(failures)
        if !failed.isEmpty { print("latest failed attempts:") }
        for (record, attempt) in failed {
            let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(attempt.atMillis) / 1000))
            print("  \(time) notice \(record.sequence) to \(record.receiver), attempt \(attempt.number): "
                + (attempt.error ?? attempt.httpStatus.map { "HTTP \($0)" } ?? "failed") + " (\(attempt.durationMillis) ms)")
        }
    }
}
