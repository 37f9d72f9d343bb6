import MilepostSystem

/// Acknowledges an officer's disposition: stores it, then audits it, so that the audit log
/// says "recorded" only of a disposition that is stored; a disposition the audit log does not
/// have is taken back. `keep` returns only when both hold it.
public struct DispositionKeeper: Sendable {
    let store: DispositionStore
    let audit: any NoticeAuditSink
    /// Where the disposition files are written and fsynced (the unit's notices lane); the
    /// audit sink has its own.
    let queue: SerialLane

    public init(store: DispositionStore, audit: any NoticeAuditSink, queue: SerialLane) {
        self.store = store
        self.audit = audit
        self.queue = queue
    }

    public func keep(_ record: DispositionRecord) async throws(DispositionNotKept) {
        let detail = record.disposition.rawValue + (record.note.isEmpty ? "" : ": " + record.note)
        do {
            try await queue.run { [store] in try store.append(record) }
        } catch {
            // Best effort: the disk that refused the disposition may refuse this entry too.
            try? await audit.record(NoticeAuditEvent(
                action: .dispositionFailed, officer: record.officer, noticeSequence: record.sequence, noticeID: record.noticeID,
                detail: detail + " (not stored: \(error))", atMillis: record.atMillis))
            throw .notStored(error)
        }
        do {
            try await audit.record(NoticeAuditEvent(
                action: .dispositionRecorded, officer: record.officer, noticeSequence: record.sequence, noticeID: record.noticeID,
                detail: detail, atMillis: record.atMillis))
        } catch {
            do {
                try await queue.run { [store] in try store.withdraw(record) }
            } catch let withdrawal {
                throw .notAudited(error, withdrawal: withdrawal)
            }
            throw .notAudited(error, withdrawal: nil)
        }
    }
}

/// Why a disposition was not acknowledged; the description is the officer's answer.
public enum DispositionNotKept: Error, CustomStringConvertible {
    /// The store refused it; nothing was kept.
    case notStored(any Error)
    /// The audit log refused it after it was stored. `withdrawal` is nil when it was taken back,
    /// or the error that kept it from being taken back.
    case notAudited(any Error, withdrawal: (any Error)?)

    /// The store refused it because the disk is full (the unit answers 507).
    public var isDiskFull: Bool {
        guard case .notStored(let error) = self else { return false }
        return (error as? FileError)?.errno == .noSpace
    }

    public var description: String {
        switch self {
        case .notStored(let error):
            return "the disposition was not recorded: it could not be stored on the unit (\(error))"
        case .notAudited(let error, let withdrawal):
            let withdrawn = withdrawal.map { "it is stored but could not be taken back (\($0))" } ?? "it was not kept"
            return "the disposition was not recorded: the audit log could not record it (\(error)); \(withdrawn)"
        }
    }
}
