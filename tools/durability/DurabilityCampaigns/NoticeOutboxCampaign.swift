import Foundation
import MilepostCore
import MilepostHotlist
import MilepostSystem
import MilepostTesting

/// The notice outbox and its delivery records: hit notices committed (with image bytes from a
/// few hundred bytes to several sectors), deliveries recorded as delivered or as a failed
/// attempt still pending, and retention pruning of old delivered notices. After every cut the
/// outbox is opened as the unit opens it, and must hold every acknowledged notice unchanged
/// (unless an acknowledged prune removed it), keep every acknowledged delivery delivered, owe
/// every other acknowledged notice to every receiver (at least once), show no notice that was
/// never committed, and never hand out an acknowledged sequence number again.
struct NoticeOutboxCampaign: PowerCutCampaign {
    static let name = "notice-outbox"
    var name: String { Self.name }

    static let directory = "/var/lib/milepost/outbox"
    static let receivers = ["console", "dispatch"]
    static let start: Int64 = 1_795_000_000_000
    static let day: Int64 = 86_400_000

    enum Step {
        case commit(n: Int, imageBytes: Int)
        /// A successful delivery of notice `sequence` to `receiver`.
        case delivered(sequence: UInt64, receiver: String)
        /// A failed attempt: the delivery stays pending, retried later.
        case failedAttempt(sequence: UInt64, receiver: String)
        /// A day later, retention removes notices committed more than half a day ago.
        case prune
    }

    /// A notice's delivery to one receiver.
    struct Delivery: Hashable {
        var sequence: UInt64
        var receiver: String
    }

    struct Journal {
        var acknowledged = 0
        var notices: [UInt64: StoredNotice] = [:]
        var delivered: Set<Delivery> = []
        var highestSequence: UInt64 = 0
        var inFlight: Step?
        /// The notice the interrupted commit was writing.
        var inFlightNotice: HitNotice?
    }

    func emptyJournal() -> Journal { Journal() }

    static let steps: [Step] = {
        var steps: [Step] = []
        for n in 1...6 { steps.append(.commit(n: n, imageBytes: 200 + 700 * n)) }
        for sequence in UInt64(1)...3 {
            steps.append(.delivered(sequence: sequence, receiver: "console"))
            steps.append(.delivered(sequence: sequence, receiver: "dispatch"))
        }
        steps.append(.failedAttempt(sequence: 4, receiver: "dispatch"))
        steps.append(.delivered(sequence: 4, receiver: "console"))
        steps.append(.prune)
        for n in 7...9 { steps.append(.commit(n: n, imageBytes: 3000 - 250 * n)) }
        steps.append(.delivered(sequence: 4, receiver: "dispatch"))
        steps.append(.delivered(sequence: 7, receiver: "console"))
        steps.append(.prune)
        steps.append(.commit(n: 10, imageBytes: 64))
        return steps
    }()

    static func notice(_ n: Int, imageBytes: Int) -> HitNotice {
        let entry = HotlistEntry(plate: try! PlateText(normalizing: "ABC\(1000 + n)"), state: "MA", code: .stolenVehicle, reason: "stolen",
                                 entered: 0, expires: nil, source: "NCIC")
        let list = ActiveHotlist(settings: ListSettings(name: "ncic"), version: 3, importedAt: 0, sourceFile: "ncic.csv", entries: [entry])
        var random = SplitMix64(seed: UInt64(n))
        let read = PlateRead.sample(entry.plate, state: "MA", confidence: 930,
                                    at: UTCTime(millisecondsSinceEpoch: start + Int64(n) * 1000),
                                    crop: (0..<imageBytes).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let hits = HotlistMatcher(lists: [list]).match(read, permitted: ["ncic"], at: 0)
        let capture = CaptureContext(
            site: Site(latitude: 42.24, longitude: -71.91, description: "Route 9 at Main St"),
            contextJPEG: [0xFF, 0xD8, UInt8(n)])
        return HitNotice(id: "notice-\(n)", hits: hits, capture: capture)
    }

    static func open(_ fs: FaultInjectingFileSystem, clock: ManualWallClock) throws -> NoticeOutbox {
        try NoticeOutbox(directory: directory, receivers: receivers, fileSystem: fs, clock: clock)
    }

    func run(on fs: FaultInjectingFileSystem, journal: inout Journal) throws {
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: Self.start))
        let outbox = try Self.open(fs, clock: clock)
        for step in Self.steps {
            journal.inFlight = step
            switch step {
            case .commit(let n, let imageBytes):
                clock.advance(milliseconds: 1000)
                let notice = Self.notice(n, imageBytes: imageBytes)
                journal.inFlightNotice = notice
                let stored = try outbox.commit(notice)
                journal.notices[stored.sequence] = stored
                journal.highestSequence = max(journal.highestSequence, stored.sequence)
            case .delivered(let sequence, let receiver):
                var record = DeliveryRecord(sequence: sequence, receiver: receiver, nextAttemptAtMillis: clock.now().millisecondsSinceEpoch)
                record.state = .delivered
                try outbox.record(record)
                journal.delivered.insert(.init(sequence: sequence, receiver: receiver))
            case .failedAttempt(let sequence, let receiver):
                try outbox.record(DeliveryRecord(sequence: sequence, receiver: receiver, nextAttemptAtMillis: clock.now().millisecondsSinceEpoch + 30_000))
            case .prune:
                clock.advance(milliseconds: Self.day)
                let removed = try outbox.prune(committedBefore: clock.now().millisecondsSinceEpoch - Self.day / 2)
                for sequence in journal.notices.keys.sorted().prefix(removed) { journal.notices[sequence] = nil }
            }
            journal.inFlight = nil
            journal.inFlightNotice = nil
            journal.acknowledged += 1
        }
    }

    func recover(from fs: FaultInjectingFileSystem, journal: Journal) -> RecoveryCheck {
        var check = RecoveryCheck(acknowledged: journal.acknowledged)
        let outbox: NoticeOutbox
        do {
            outbox = try Self.open(fs, clock: ManualWallClock(UTCTime(millisecondsSinceEpoch: Self.start + 10 * Self.day)))
        } catch {
            check.problems.append("the outbox does not open: \(error)")
            return check
        }
        if outbox.lastSequence < journal.highestSequence {
            check.lose("the last sequence \(outbox.lastSequence) is below the acknowledged \(journal.highestSequence): a number would be reused")
        }
        let pending = Set(outbox.pendingDeliveries().map { Delivery(sequence: $0.sequence, receiver: $0.receiver) })
        let pruning: Bool = { if case .prune = journal.inFlight { return true }; return false }()
        for (sequence, acknowledged) in journal.notices.sorted(by: { $0.key < $1.key }) {
            let keys = Self.receivers.map { Delivery(sequence: sequence, receiver: $0) }
            guard let found = try? outbox.notice(sequence) else {
                // The interrupted prune may take notices that every receiver has.
                if pruning && keys.allSatisfy(journal.delivered.contains) { continue }
                check.lose("acknowledged notice \(sequence) is gone")
                continue
            }
            if found != acknowledged { check.lose("acknowledged notice \(sequence) changed") }
            for key in keys {
                if journal.delivered.contains(key) {
                    if pending.contains(key) { check.lose("delivery of notice \(sequence) to \(key.receiver) was recorded and is pending again") }
                } else if !pending.contains(key) {
                    var interrupted = false
                    if case .delivered(let s, let r) = journal.inFlight, s == sequence, r == key.receiver { interrupted = true }
                    if !interrupted { check.lose("notice \(sequence) is no longer owed to \(key.receiver), which never got it") }
                }
            }
        }
        let newest = journal.highestSequence
        for found in (try? outbox.notices(after: 0, limit: Int.max)) ?? [] where journal.notices[found.sequence] == nil {
            if found.sequence <= newest {
                check.problems.append("notice \(found.sequence), removed by an acknowledged prune, came back")
            } else if found.sequence != newest + 1 || journal.inFlightNotice != found.notice {
                check.problems.append("notice \(found.sequence) appeared that was never committed")
            }
        }
        do {
            let stored = try outbox.commit(Self.notice(99, imageBytes: 10))
            if stored.sequence <= journal.highestSequence { check.problems.append("a commit after recovery got sequence \(stored.sequence), already acknowledged") }
        } catch {
            check.problems.append("the recovered outbox refuses a commit: \(error)")
        }
        return check
    }
}
