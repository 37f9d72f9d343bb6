import Crypto
import Foundation
import MilepostCore

/// The append-only, hash-chained audit log (format: docs/POLICY-FORMATS.md).
///
/// Each entry is one JSON line; `prev` is the SHA-256 of the previous line's exact bytes, so
/// changing, removing or reordering any entry breaks the chain at the next one. The head (entry
/// count and last hash) is signed by the unit key in checkpoints, kept in a second file and
/// meant to be shipped off the unit, which catches truncation and edits to the last entries.
/// Every entry is fsynced before `record` returns, and lands whole or not at all: a write that
/// fails part-way (a full disk) is cut back off, so the chain goes on from the last whole entry.
/// Nothing is ever deleted by the software.
///
/// Given a seal key file, every entry is also sealed (`AuditSeal`) under the key of the open
/// epoch. A checkpoint entry, or an `audit.seal` entry after `sealEveryEntries` entries, closes
/// the epoch; once it is durable the key evolves and the old one is replaced on disk. No entry
/// is ever sealed with the key of a closed epoch: if the key cannot be evolved, entries are
/// refused until it can.
public final class AuditLog: AuditRecorder, @unchecked Sendable {  // the mutable state is read and written only under `lock`
    public let storage: AuditStorage
    public let checkpointStorage: AuditStorage
    private let clock: WallClock
    private let lock = NSLock()
    private var entries: WholeLineAppender
    private var checkpoints: WholeLineAppender
    private var count: Int
    private var headHash: String
    private var lastTime: UTCTime?
    private var recordFailure: String?
    private let sealKeys: AuditSealKeyFile?
    public let sealEveryEntries: Int
    /// The open epoch's key; nil when the log is not sealed.
    private var sealKey: AuditSealKey?
    /// The last entry closed `sealKey`'s epoch, and the key could not be evolved yet.
    private var epochClosed = false
    private var entriesInEpoch = 0

    public static let defaultSealEveryEntries = 256

    /// Opens the log and finds its head. What follows the last whole entry, in the log, or the
    /// last whole checkpoint, in the checkpoint file, is the remains of a write that never
    /// completed (a power cut mid-write, or a torn sector; it was never acknowledged): it is cut
    /// off and the cut is recorded as an entry of its own.
    ///
    /// With `sealKeys`, the key file must agree with the log's last sealed entry: at the same
    /// epoch (which that entry may have closed: a power cut before the key evolved, which
    /// evolves it now) or at the next one after that entry closed its epoch.
    public init(storage: AuditStorage, checkpoints checkpointStorage: AuditStorage, clock: WallClock,
                sealKeys: AuditSealKeyFile? = nil, sealEveryEntries: Int = AuditLog.defaultSealEveryEntries) throws {
        self.storage = storage
        self.checkpointStorage = checkpointStorage
        self.clock = clock
        self.sealKeys = sealKeys
        self.sealEveryEntries = max(1, sealEveryEntries)
        let bytes = try storage.readAll()
        let tornEntry = WholeLineAppender.unfinishedTail(of: bytes) { (try? JSONDecoder().decode(AuditEntry.self, from: Data($0))) != nil }
        let lines = bytes[..<tornEntry.startIndex].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        count = lines.count
        headHash = lines.last.map { Self.hash($0) } ?? AuditEntry.genesisHash
        if let last = lines.last, let entry = try? JSONDecoder().decode(AuditEntry.self, from: Data(last)) {
            lastTime = UTCTime(rfc3339: entry.time)
            if entry.seq != count {
                throw PolicyError(.auditChainBroken, "\(storage.name): last entry has seq \(entry.seq) but is line \(count); run `milepost audit verify` before recording more")
            }
        } else if !lines.isEmpty {
            throw PolicyError(.auditChainBroken, "\(storage.name): last line \(count) is not an audit entry; run `milepost audit verify`")
        }
        entries = WholeLineAppender(storage: storage, length: tornEntry.startIndex)
        let checkpointBytes = try checkpointStorage.readAll()
        let tornCheckpoint = WholeLineAppender.unfinishedTail(of: checkpointBytes) { line in
            (try? SignedDocument.unverifiedPayload(of: String(decoding: line, as: UTF8.self), as: AuditCheckpoint.self, document: "checkpoint")) != nil
        }
        checkpoints = WholeLineAppender(storage: checkpointStorage, length: tornCheckpoint.startIndex)
        try openSeal(after: Array(lines))

        try cutOff(tornEntry, from: storage, at: entries.length, recording: .tornEntryDiscarded,
                   "\(tornEntry.count) bytes of an unfinished entry after entry \(count) were cut off at open")
        let checkpointCount = checkpointBytes[..<tornCheckpoint.startIndex].filter { $0 == UInt8(ascii: "\n") }.count
        try cutOff(tornCheckpoint, from: checkpointStorage, at: checkpoints.length, recording: .tornCheckpointDiscarded,
                   "\(tornCheckpoint.count) bytes of an unfinished checkpoint after checkpoint \(checkpointCount) were cut off at open")
    }

    /// Finds where the log's sealing stands (its last sealed entry and the entries since the
    /// last closed epoch) and checks the key file against it.
    private func openSeal(after lines: [ArraySlice<UInt8>]) throws {
        let decoder = JSONDecoder()
        var lastSeal: (seal: AuditSeal, closes: Bool)?
        entriesInEpoch = 0
        for line in lines.reversed() {
            guard let entry = try? decoder.decode(AuditEntry.self, from: Data(line)), let seal = entry.seal else { break }
            let closes = AuditSealing.closingEvents.contains(entry.event)
            if lastSeal == nil { lastSeal = (seal, closes) }
            if closes { break }
            entriesInEpoch += 1
        }
        guard let sealKeys else {
            if let lastSeal {
                throw PolicyError(.auditChainBroken, "\(storage.name): the log is sealed up to epoch \(lastSeal.seal.epoch) but the unit holds no audit seal key; entries cannot be recorded unsealed after sealed ones")
            }
            return
        }
        let key = try sealKeys.load()
        sealKey = key
        guard let lastSeal else { return }
        switch (lastSeal.closes, key.epoch - lastSeal.seal.epoch) {
        case (true, 0):
            // The closing entry is durable but the power went before the key evolved.
            epochClosed = true
            try? evolveKey()
        case (true, 1), (false, 0):
            break
        default:
            throw PolicyError(.auditChainBroken, "\(sealKeys.path) holds the seal key of epoch \(key.epoch), but the last sealed entry of \(storage.name) is in epoch \(lastSeal.seal.epoch)"
                + (lastSeal.closes ? " and closed it" : "") + ": the key file or the log was replaced; run `milepost audit verify --seal-key`")
        }
    }

    /// Replaces the key of the closed epoch with the next one, on disk first.
    private func evolveKey() throws {
        guard let sealKeys, let key = sealKey, epochClosed else { return }
        let next = key.evolved()
        try sealKeys.store(next)
        sealKey = next
        epochClosed = false
        entriesInEpoch = 0
    }

    /// The entries that record an unfinished final line cut off at open.
    public enum Repair: String, Sendable {
        case tornEntryDiscarded = "audit.torn-entry-discarded"
        case tornCheckpointDiscarded = "audit.torn-checkpoint-discarded"
    }

    /// Cuts an unfinished final line off `file` and records the cut. If the record cannot be
    /// written, the fragment is put back, so that the next open finds it and records it then.
    private func cutOff(_ fragment: ArraySlice<UInt8>, from file: AuditStorage, at length: Int, recording repair: Repair, _ detail: String) throws {
        guard !fragment.isEmpty else { return }
        try file.truncate(toLength: length)
        do {
            try record(AuditEvent(type: repair.rawValue, actor: AuditActor(id: "audit-log", organisation: ""), source: "local", object: file.name,
                                  outcome: .recorded(detail: detail)))
        } catch {
            try? file.append(Array(fragment))
            throw error
        }
    }

    public var head: (count: Int, hash: String) { lock.withLock { (count, headHash) } }

    /// The time of the last entry: no clock the unit trusted read earlier than this.
    public var latestEntryTime: UTCTime? { lock.withLock { lastTime } }

    /// Every whole entry in the log, in order; lines that do not decode are skipped (`audit
    /// verify` reports them).
    public func wholeEntries() throws -> [AuditEntry] {
        let bytes = try lock.withLock { try storage.readAll().prefix(entries.length) }
        let decoder = JSONDecoder()
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(AuditEntry.self, from: Data($0)) }
    }

    static func hash<C: Collection>(_ line: C) -> String where C.Element == UInt8 {
        Hex.encode(Array(SHA256.hash(data: Array(line))))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Why the last entry could not be recorded, or nil when the last one was: the unit's
    /// watchdog stops pinging while its audit log cannot be written.
    public var lastRecordFailure: String? { lock.withLock { recordFailure } }

    @discardableResult
    public func record(_ event: AuditEvent) throws -> AuditEntry {
        try lock.withLock {
            let entry: AuditEntry
            do {
                entry = try appendLocked(event)
                recordFailure = nil
            } catch {
                recordFailure = "\(error)"
                throw error
            }
            if sealKey != nil, !epochClosed, entriesInEpoch >= sealEveryEntries {
                // The entry above is recorded whatever becomes of this one; if it fails, the
                // next entry tries again.
                _ = try? appendLocked(AuditEvent(type: "audit.seal", actor: AuditActor(id: "audit-log", organisation: ""), source: "local",
                                                 object: "entries to \(count + 1)", outcome: .recorded(detail: "closes seal epoch \(sealKey?.epoch ?? 0) after \(entriesInEpoch) entries")))
            }
            return entry
        }
    }

    private func appendLocked(_ event: AuditEvent) throws -> AuditEntry {
        if epochClosed {
            do { try evolveKey() } catch let error as PolicyError {
                throw PolicyError(error.code, "audit entry \(count + 1) (\(event.type)) was not recorded: the seal key of the closed epoch could not be replaced: \(error.message)")
            }
        }
        var now = clock.now()
        // Entries stay in time order even if the clock steps back; the step itself is
        // recorded by the time floor as a clock anomaly.
        if let lastTime, now < lastTime { now = lastTime }
        var entry = AuditEntry(seq: count + 1, prev: headHash, time: now.format(fractionDigits: 2), event: event.type, actor: event.actor,
                               source: event.source, object: event.object, purpose: event.purpose, caseNumber: event.caseNumber,
                               approvalID: event.approvalID, outcome: event.outcome)
        var line = Array(try Self.encoder.encode(entry))
        if let sealKey {
            (line, entry.seal) = AuditSealing.sealedLine(body: line, key: sealKey)
        }
        do {
            try entries.append(line + [UInt8(ascii: "\n")])
        } catch let error as PolicyError {
            throw PolicyError(error.code, "audit entry \(entry.seq) (\(entry.event)) was not recorded: \(error.message)")
        }
        count += 1
        headHash = Self.hash(line)
        lastTime = now
        if sealKey != nil {
            entriesInEpoch += 1
            if AuditSealing.closingEvents.contains(event.type) {
                epochClosed = true
                // If the key cannot be replaced now, the next entry tries again before it is sealed.
                try? evolveKey()
            }
        }
        return entry
    }

    /// Signs the current head with the unit key, appends the checkpoint to the checkpoint file
    /// and returns the token (to ship off the unit).
    @discardableResult
    public func checkpoint(unitKey: PolicySigningKey) throws -> String {
        try signCheckpoint(unitKey: unitKey).token
    }

    /// Signs and stores a checkpoint; returns it with the number of entries it covers, which
    /// may include entries other writers recorded while it was being signed.
    public func signCheckpoint(unitKey: PolicySigningKey) throws -> (token: String, entryCount: Int) {
        guard unitKey.holder.role == .unit else {
            throw PolicyError(.wrongKeyRole, "audit checkpoints are signed by the unit key; key \(unitKey.id) is a \(unitKey.holder.role.rawValue) key")
        }
        let unitID: UnitID
        do { unitID = try UnitID(unitKey.holder.name) } catch {
            throw PolicyError(.malformedKeyFile, "unit key \(unitKey.id): its name is the unit id, and \(error)")
        }
        // The checkpoint's own entry comes first, so that the checkpoint covers it too.
        try record(AuditEvent(type: "audit.checkpoint", actor: .unit(unitID), source: "local", object: "entries 1-\(head.count + 1)",
                              outcome: .recorded(detail: "signed by unit key \(unitKey.id)")))
        let (entryCount, hash) = head
        let checkpoint = AuditCheckpoint(unit: unitKey.holder.name, entryCount: entryCount, headHash: hash, issuedAt: clock.now(), keyID: unitKey.id)
        let token = try SignedDocument.sign(checkpoint, kind: .auditCheckpoint, key: unitKey)
        do {
            try lock.withLock { try checkpoints.append(Array((token + "\n").utf8)) }
        } catch let error as PolicyError {
            throw PolicyError(error.code, "the checkpoint of audit entries 1-\(entryCount) was not stored: \(error.message)")
        }
        return (token, entryCount)
    }
}

/// The unit's signed statement of how many entries its log held and the hash of the last one.
public struct AuditCheckpoint: Codable, Equatable, Sendable {
    public var unit: String
    public var entryCount: Int
    public var headHash: String
    public var issuedAt: UTCTime
    public var keyID: KeyID

    enum CodingKeys: String, CodingKey { case unit, entryCount, headHash, issuedAt = "iat", keyID }
}
