import Foundation
import Logging
import MilepostCore
import MilepostSystem

/// Delivers committed notices to every webhook receiver, at least once. Each pending
/// delivery is tried when due; a failure is recorded in the outbox and retried after an
/// exponential backoff with jitter, until it succeeds or the notice is older than the
/// receiver's maximum age. Attempts to different receivers and notices run concurrently,
/// so a receiver that hangs does not delay the others.
public actor WebhookDispatcher {
    public static let keptAttempts = 20

    private let outbox: NoticeOutbox
    private let receivers: [String: WebhookReceiver]
    private let transport: any WebhookTransport
    private let transports: [String: any WebhookTransport]
    private let clock: any WallClock
    private let jitter: any JitterSource
    private let backoff: RetryBackoff
    private let timeoutMillis: Int64
    private let logger: Logger
    private var inFlight: Set<NoticeOutbox.DeliveryKey> = []
    private let wake = WakeSignal()
    private let pool: BlockingPool

    /// - Parameter transports: receivers, by name, that are posted to through a transport of
    ///   their own (the department server, whose certificate is checked against the
    ///   department's CA); the others go through `transport`.
    public init(
        outbox: NoticeOutbox, receivers: [WebhookReceiver], transport: any WebhookTransport,
        transports: [String: any WebhookTransport] = [:], clock: any WallClock, pool: BlockingPool,
        jitter: any JitterSource = SystemJitter(), backoff: RetryBackoff = RetryBackoff(),
        timeoutMillis: Int64 = 5_000, logger: Logger = Logger(label: "milepost.notices.webhook")
    ) {
        self.outbox = outbox
        self.receivers = Dictionary(uniqueKeysWithValues: receivers.map { ($0.name, $0) })
        self.transport = transport
        self.transports = transports
        self.clock = clock
        self.pool = pool
        self.jitter = jitter
        self.backoff = backoff
        self.timeoutMillis = timeoutMillis
        self.logger = logger
    }

    /// Runs until cancelled: attempts deliveries as they fall due and as notices are committed.
    public func run() async {
        let commits = outbox.subscribe()
        await withDiscardingTaskGroup { group in
            group.addTask { [wake] in
                for await _ in commits { wake.signal() }
            }
            while !Task.isCancelled {
                for record in takeDue() {
                    group.addTask {
                        await self.attempt(record)
                        await self.finished(record)
                    }
                }
                let deadline = nextDueMillis() ?? clock.now().millisecondsSinceEpoch + 60_000
                await wake.wait(untilMillis: deadline, clock: clock)
            }
            group.cancelAll()
        }
    }

    /// Attempts every delivery due now that is not already in flight, and returns when all
    /// have finished. Returns how many were attempted. (Tests drive time through this.)
    @discardableResult
    public func attemptDue() async -> Int {
        let due = takeDue()
        await withTaskGroup(of: Void.self) { group in
            for record in due { group.addTask { await self.attempt(record) } }
        }
        for record in due { inFlight.remove(key(record)) }
        return due.count
    }

    private func key(_ record: DeliveryRecord) -> NoticeOutbox.DeliveryKey {
        .init(sequence: record.sequence, receiver: record.receiver)
    }

    private func takeDue() -> [DeliveryRecord] {
        let now = clock.now().millisecondsSinceEpoch
        let due = outbox.pendingDeliveries().filter {
            $0.nextAttemptAtMillis <= now && !inFlight.contains(key($0)) && receivers[$0.receiver] != nil
        }
        for record in due { inFlight.insert(key(record)) }
        return due
    }

    private func finished(_ record: DeliveryRecord) {
        inFlight.remove(key(record))
        wake.signal()
    }

    private func nextDueMillis() -> Int64? {
        outbox.pendingDeliveries().filter { !inFlight.contains(key($0)) && receivers[$0.receiver] != nil }
            .map(\.nextAttemptAtMillis).min()
    }

    private nonisolated func attempt(_ pending: DeliveryRecord) async {
        guard let receiver = receivers[pending.receiver] else { return }
        var record = pending
        let started = clock.now().millisecondsSinceEpoch
        let number = (record.attempts.last?.number ?? 0) + 1
        let stored: StoredNotice
        do {
            let sequence = record.sequence
            stored = try await blockingIO { [outbox] in try outbox.notice(sequence) }
        } catch {
            logger.error("cannot read notice for delivery", metadata: ["sequence": "\(record.sequence)", "error": "\(error)"])
            record.nextAttemptAtMillis = started + backoff.delayMillis(afterFailedAttempt: number, unitRandom: jitter.next())
            await save(record)
            return
        }
        if started - stored.committedAtMillis > receiver.maximumAgeMillis {
            record.state = .expired
            record.attempts.append(.init(number: number, atMillis: started, succeeded: false, httpStatus: nil,
                                         error: "gave up: older than the receiver's maximum age", durationMillis: 0))
            logger.warning("notice expired undelivered", metadata: ["sequence": "\(record.sequence)", "receiver": "\(receiver.name)"])
            await save(record)
            return
        }

        let body: [UInt8]
        do { body = [UInt8](try NoticeOutbox.encoder.encode(stored)) } catch {
            logger.error("cannot encode notice", metadata: ["error": "\(error)"])
            return
        }
        var status: Int?
        var failure: String?
        do {
            let headers = [("Content-Type", "application/json"), (WebhookSignature.idempotencyHeader, stored.notice.id)]
                + (try receiver.signer.headers(for: body, atMillis: started))
                + [("X-Milepost-Attempt", String(number))]
            status = try await (transports[receiver.name] ?? transport).post(url: receiver.url, headers: headers, body: body,
                                                                              timeoutMillis: timeoutMillis)
            if !(200..<300).contains(status!) { failure = "HTTP \(status!)" }
        } catch {
            failure = "\(error)"
        }
        let ended = clock.now().millisecondsSinceEpoch
        record.attempts.append(.init(number: number, atMillis: started, succeeded: failure == nil, httpStatus: status,
                                     error: failure, durationMillis: ended - started))
        record.attempts = Array(record.attempts.suffix(Self.keptAttempts))
        if failure == nil {
            record.state = .delivered
        } else {
            record.nextAttemptAtMillis = ended + backoff.delayMillis(afterFailedAttempt: number, unitRandom: jitter.next())
            logger.notice("webhook attempt failed", metadata: [
                "sequence": "\(record.sequence)", "receiver": "\(receiver.name)", "attempt": "\(number)", "error": "\(failure!)",
            ])
        }
        await save(record)
    }

    /// Reading notices and fsyncing delivery records block a thread for milliseconds; they run
    /// on the unit's blocking pool so that, on a two-core unit, they never hold up the
    /// cooperative threads that start the other deliveries.
    private nonisolated func blockingIO<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.run(body)
    }

    private nonisolated func save(_ record: DeliveryRecord) async {
        do { try await blockingIO { [outbox] in try outbox.record(record) } } catch {
            // The delivery stays pending in memory and on disk and will be attempted again.
            logger.error("cannot record delivery attempt", metadata: ["sequence": "\(record.sequence)", "error": "\(error)"])
        }
    }
}
