import Foundation
import MilepostCore
import MilepostSystem
import SystemPackage

/// The durable outbox. `commit` returns only once the notice is on stable storage (written
/// to a temporary file, fsynced, renamed, directory fsynced); only then is it offered to
/// webhook receivers and officer streams. Each attempt to deliver it is recorded the same
/// way, so after a restart, `kill -9` or power cut every notice not yet delivered to every
/// receiver is delivered again: at least once.
///
///     <directory>/notices/<sequence, 16 digits>.json         StoredNotice
///     <directory>/deliveries/<sequence>-<receiver>.json      DeliveryRecord
public final class NoticeOutbox: Sendable {
    public let directory: String
    public let receivers: [String]
    private let fileSystem: any FileSystem
    private let clock: any WallClock
    private let state: Locked<State>
    private let committing = Locked(())

    private struct State {
        var lastSequence: UInt64 = 0
        var pending: [DeliveryKey: DeliveryRecord] = [:]
        var subscribers: [Int: AsyncStream<StoredNotice>.Continuation] = [:]
        var nextSubscriber = 0
    }

    public struct DeliveryKey: Hashable, Sendable, Comparable {
        public let sequence: UInt64
        public let receiver: String
        public static func < (a: Self, b: Self) -> Bool { (a.sequence, a.receiver) < (b.sequence, b.receiver) }
    }

    private var noticesDirectory: String { PathNames.join(directory, "notices") }
    private var deliveriesDirectory: String { PathNames.join(directory, "deliveries") }

    /// Opens the outbox, recovering the last sequence number and every pending delivery.
    /// The writer creates the directory if missing and removes leftover temporary files from
    /// an interrupted write. A `follower`, a process that only reads an outbox another process
    /// writes (`notices serve`, `notices deliveries`), changes nothing in it: the outbox must
    /// already exist, and the writer's in-flight temporary files are left alone.
    public init(directory: String, receivers: [String], fileSystem: any FileSystem, clock: any WallClock,
                follower: Bool = false) throws(OutboxError) {
        self.directory = directory
        self.receivers = receivers
        self.fileSystem = fileSystem
        self.clock = clock
        var recovered = State()
        do {
            for subdirectory in [directory, PathNames.join(directory, "notices"), PathNames.join(directory, "deliveries")] {
                if follower {
                    guard fileSystem.exists(subdirectory) else { throw OutboxError.missing(directory: subdirectory) }
                } else {
                    try fileSystem.makeDirectories(subdirectory)
                }
            }
            var finished: [DeliveryKey: DeliveryRecord] = [:]
            let deliveries = PathNames.join(directory, "deliveries")
            for name in try fileSystem.listDirectory(deliveries) {
                if name.hasSuffix(".tmp") {
                    if !follower { try fileSystem.unlink(PathNames.join(deliveries, name)) }
                    continue
                }
                let record: DeliveryRecord = try Self.decode(try fileSystem.readWholeFile(PathNames.join(deliveries, name)), file: name)
                finished[DeliveryKey(sequence: record.sequence, receiver: record.receiver)] = record
            }
            let notices = PathNames.join(directory, "notices")
            for name in try fileSystem.listDirectory(notices) {
                if name.hasSuffix(".tmp") {
                    if !follower { try fileSystem.unlink(PathNames.join(notices, name)) }
                    continue
                }
                guard name.hasSuffix(".json"), let sequence = UInt64(name.dropLast(5)) else { continue }
                recovered.lastSequence = max(recovered.lastSequence, sequence)
                for receiver in receivers {
                    let key = DeliveryKey(sequence: sequence, receiver: receiver)
                    let record = finished[key] ?? DeliveryRecord(sequence: sequence, receiver: receiver, nextAttemptAtMillis: 0)
                    if record.state == .pending { recovered.pending[key] = record }
                }
            }
        } catch let error as FileError {
            throw .fileSystem(error)
        } catch let error as OutboxError {
            throw error
        } catch {
            throw .corrupt(file: directory, reason: "\(error)")
        }
        state = Locked(recovered)
    }

    /// Commits a notice durably and numbers it; then wakes the subscribers. Commits are
    /// serialised so subscribers see notices in sequence order.
    @discardableResult
    public func commit(_ notice: HitNotice) throws(OutboxError) -> StoredNotice {
        try committing.withLock { (_) throws(OutboxError) -> StoredNotice in
            let sequence = state.withLock { $0.lastSequence + 1 }
            let stored = StoredNotice(sequence: sequence, committedAtMillis: clock.now().millisecondsSinceEpoch, notice: notice)
            do {
                try fileSystem.replaceAtomically(noticePath(sequence), with: try Self.encoder.encode(stored).bytes)
            } catch let error as FileError {
                throw .fileSystem(error)
            } catch {
                throw .corrupt(file: noticePath(sequence), reason: "cannot encode: \(error)")
            }
            let subscribers = state.withLock { state in
                state.lastSequence = sequence
                for receiver in receivers {
                    let key = DeliveryKey(sequence: sequence, receiver: receiver)
                    state.pending[key] = DeliveryRecord(sequence: sequence, receiver: receiver, nextAttemptAtMillis: stored.committedAtMillis)
                }
                return Array(state.subscribers.values)
            }
            for subscriber in subscribers { subscriber.yield(stored) }
            return stored
        }
    }

    /// Takes in notices that another process committed to this directory since this outbox
    /// last looked (a standalone console server following a unit's outbox, or `notices
    /// demo-hit`), in sequence order, and offers them to subscribers and receivers like its
    /// own commits. Returns how many were new.
    @discardableResult
    public func adoptExternalCommits() throws(OutboxError) -> Int {
        try committing.withLock { (_) throws(OutboxError) -> Int in
            let fresh = try notices(after: lastSequence, limit: Int.max)
            guard let last = fresh.last else { return 0 }
            let subscribers = state.withLock { state in
                state.lastSequence = max(state.lastSequence, last.sequence)
                for stored in fresh {
                    for receiver in receivers {
                        let key = DeliveryKey(sequence: stored.sequence, receiver: receiver)
                        state.pending[key] = DeliveryRecord(sequence: stored.sequence, receiver: receiver,
                                                            nextAttemptAtMillis: stored.committedAtMillis)
                    }
                }
                return Array(state.subscribers.values)
            }
            for stored in fresh {
                for subscriber in subscribers { subscriber.yield(stored) }
            }
            return fresh.count
        }
    }

    /// Runs until cancelled, adopting other processes' commits every `intervalMillis`.
    public func followExternalCommits(every intervalMillis: Int64, onError: @Sendable (OutboxError) -> Void = { _ in }) async {
        while !Task.isCancelled {
            do { try adoptExternalCommits() } catch { onError(error) }
            do { try await clock.sleep(until: UTCTime(millisecondsSinceEpoch: clock.now().millisecondsSinceEpoch + intervalMillis)) } catch { return }
        }
    }

    /// Deletes notices committed before `cutoffMillis` (the unit's retention limit: a notice
    /// holds a plate and its images), oldest first, with their delivery records. Stops at the
    /// first notice that is younger or still pending for a receiver, and always keeps the newest
    /// notice, so sequence numbers are never reused after a restart. A notice file that no longer
    /// decodes can be neither delivered nor shown; it is deleted rather than left to stop
    /// retention for good. Returns how many notices went.
    ///
    /// It does not hold the commit lock: it never touches the newest notice, which is the only
    /// one a commit can be writing, so hit notices are never kept waiting behind it.
    @discardableResult
    public func prune(committedBefore cutoffMillis: Int64) throws(OutboxError) -> Int {
        let sequences = try committedSequences()
        let deliveryNames: [String]
        do { deliveryNames = try fileSystem.listDirectory(deliveriesDirectory) } catch { throw .fileSystem(error) }
        let pendingSequences = Set(state.withLock { $0.pending.keys.map(\.sequence) })
        var removed = 0
        for sequence in sequences.dropLast() {
            do {
                let stored = try notice(sequence)
                guard stored.committedAtMillis < cutoffMillis, !pendingSequences.contains(sequence) else { break }
            } catch .corrupt {
                // Undecodable: fall through and delete it.
            }
            do throws(FileError) {
                // The notice first: a cut after it leaves only delivery records, which the sweep
                // below removes; the other order could revive a deleted notice as pending.
                try fileSystem.removeDurably(noticePath(sequence))
            } catch { throw .fileSystem(error) }
            removed += 1
        }
        let kept = Set(sequences.dropFirst(removed))
        let orphans = deliveryNames.filter { name in
            guard let sequence = UInt64(name.prefix(16)) else { return false }
            return !kept.contains(sequence) && sequence < (sequences.last ?? 0)
        }
        if !orphans.isEmpty {
            do throws(FileError) {
                for name in orphans { try fileSystem.unlink(PathNames.join(deliveriesDirectory, name)) }
                try fileSystem.syncDirectory(deliveriesDirectory)
            } catch { throw .fileSystem(error) }
        }
        return removed
    }

    public func notice(_ sequence: UInt64) throws(OutboxError) -> StoredNotice {
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readWholeFile(noticePath(sequence))
        } catch {
            if error.errno == .noSuchFileOrDirectory { throw .unknownNotice(sequence) }
            throw .fileSystem(error)
        }
        return try Self.decode(bytes, file: noticePath(sequence))
    }

    /// Committed notices numbered above `sequence`, oldest first, at most `limit`.
    public func notices(after sequence: UInt64, limit: Int = 1000) throws(OutboxError) -> [StoredNotice] {
        var result: [StoredNotice] = []
        for next in try committedSequences().filter({ $0 > sequence }).prefix(limit) { result.append(try notice(next)) }
        return result
    }

    /// The notices committed at or after `cutoffMillis`, newest first. Reads back from the
    /// newest notice only as far as the first older one; a notice that no longer decodes is
    /// skipped (retention deletes it).
    public func notices(committedSince cutoffMillis: Int64) throws(OutboxError) -> [StoredNotice] {
        var result: [StoredNotice] = []
        for sequence in try committedSequences().reversed() {
            let stored: StoredNotice
            do { stored = try notice(sequence) } catch .corrupt { continue }
            guard stored.committedAtMillis >= cutoffMillis else { break }
            result.append(stored)
        }
        return result
    }

    /// Sequence numbers of the notice files in the directory, ascending.
    private func committedSequences() throws(OutboxError) -> [UInt64] {
        let names: [String]
        do { names = try fileSystem.listDirectory(noticesDirectory) } catch { throw .fileSystem(error) }
        return names.compactMap { $0.hasSuffix(".json") ? UInt64($0.dropLast(5)) : nil }.sorted()
    }

    /// Every delivery record on disk (attempted at least once), in commit order: what
    /// `milepost notices deliveries` reports.
    public func deliveryRecords() throws(OutboxError) -> [DeliveryRecord] {
        let names: [String]
        do { names = try fileSystem.listDirectory(deliveriesDirectory) } catch { throw .fileSystem(error) }
        var records: [DeliveryRecord] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = PathNames.join(deliveriesDirectory, name)
            let bytes: [UInt8]
            do { bytes = try fileSystem.readWholeFile(path) } catch { throw .fileSystem(error) }
            records.append(try Self.decode(bytes, file: path))
        }
        return records
    }

    public var lastSequence: UInt64 { state.withLock { $0.lastSequence } }

    /// Deliveries not yet completed, in commit order.
    public func pendingDeliveries() -> [DeliveryRecord] {
        state.withLock { $0.pending.sorted { $0.key < $1.key }.map(\.value) }
    }

    /// Records an attempt's outcome durably. The in-memory state follows even when the write
    /// fails, so a failing disk does not make the dispatcher retry in a tight loop; the record
    /// on disk then still says pending, and after a restart the notice is delivered again.
    public func record(_ record: DeliveryRecord) throws(OutboxError) {
        state.withLock { state in
            let key = DeliveryKey(sequence: record.sequence, receiver: record.receiver)
            if record.state == .pending { state.pending[key] = record } else { state.pending[key] = nil }
        }
        do {
            try fileSystem.replaceAtomically(deliveryPath(record), with: try Self.encoder.encode(record).bytes)
        } catch let error as FileError {
            throw .fileSystem(error)
        } catch {
            throw .corrupt(file: deliveryPath(record), reason: "cannot encode: \(error)")
        }
    }

    /// A stream of notices committed from now on; ends when the caller stops iterating.
    public func subscribe() -> AsyncStream<StoredNotice> {
        let (stream, continuation) = AsyncStream<StoredNotice>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        let id = state.withLock { state -> Int in
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    private func noticePath(_ sequence: UInt64) -> String { PathNames.join(noticesDirectory, Self.fileName(sequence) + ".json") }

    private func deliveryPath(_ record: DeliveryRecord) -> String {
        PathNames.join(deliveriesDirectory, Self.fileName(record.sequence) + "-" + record.receiver + ".json")
    }

    /// The 16-digit, zero-padded name (without extension) of notice `sequence`'s files.
    public static func fileName(_ sequence: UInt64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static func decode<T: Decodable>(_ bytes: [UInt8], file: String) throws(OutboxError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) } catch {
            throw .corrupt(file: file, reason: "\(error)")
        }
    }
}

extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}
