import Foundation
import MilepostCore
import MilepostSystem

/// The latest time this unit has trusted, persisted so that a clock set back (dead RTC battery,
/// tampering, a bad NTP source) cannot make an expired authorization valid again.
///
/// The clock may read behind the floor by at most `leewaySeconds` (NTP corrections); beyond
/// that capture and searches stop until the clock is right again. The floor rises with every
/// evaluation and is written at most once per `persistIntervalSeconds`, so after power loss it
/// is at most that far behind; it also rises to the issued-at of every installed document.
public final class TimeFloor: @unchecked Sendable {  // the mutable state is read and written only under `lock`
    public enum Status: Equatable, Sendable {
        case ok
        case rollback(clock: UTCTime, floor: UTCTime)
    }

    private let fileSystem: any FileSystem
    public let path: String
    public let leewaySeconds: Int64
    public let persistIntervalSeconds: Int64
    private let lock = NSLock()
    private var floorValue: UTCTime
    private var persisted: UTCTime
    /// The last error writing the floor; the in-memory floor still protects this boot.
    public private(set) var persistFailure: String?

    public init(fileSystem: any FileSystem, path: String, leewaySeconds: Int64 = PolicyLimits.default.clockLeewaySeconds, persistIntervalSeconds: Int64 = 60) throws {
        self.fileSystem = fileSystem
        self.path = path
        self.leewaySeconds = leewaySeconds
        self.persistIntervalSeconds = persistIntervalSeconds
        if try fileSystem.isPresent(path) {
            let text = try fileSystem.readText(path).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let value = UTCTime(rfc3339: text) else {
                throw PolicyError(.invalidField, "time floor file \(path): '\(text.prefix(40))' is not an RFC 3339 time")
            }
            floorValue = value
        } else {
            floorValue = UTCTime(millisecondsSinceEpoch: 0)
        }
        persisted = floorValue
    }

    public var floor: UTCTime { lock.withLock { floorValue } }

    /// Compares `now` with the floor; when the clock is sane, raises the floor to `now`.
    public func evaluate(_ now: UTCTime) -> Status {
        lock.withLock {
            if now < floorValue.adding(seconds: -leewaySeconds) {
                return .rollback(clock: now, floor: floorValue)
            }
            try? raiseLocked(to: now)  // a failed periodic write is kept in `persistFailure`; memory still protects this boot
            return .ok
        }
    }

    /// Compares without raising or writing anything (for read-only status).
    public func check(_ now: UTCTime) -> Status {
        lock.withLock { now < floorValue.adding(seconds: -leewaySeconds) ? .rollback(clock: now, floor: floorValue) : .ok }
    }

    /// Raise to a time vouched for by a signed document (its issued-at), on disk before this
    /// returns: throws if the floor cannot be written, so the document is not installed with a
    /// floor that a power cut would take back.
    public func raise(to time: UTCTime) throws {
        try lock.withLock { try raiseLocked(to: time, force: true) }
    }

    private func raiseLocked(to time: UTCTime, force: Bool = false) throws {
        if time > floorValue {
            floorValue = time
        } else if !force {
            return
        }
        // A signed issue time goes to disk at once even when the clock has already raised the
        // floor in memory past it: memory alone does not survive a power cut.
        guard time > persisted else { return }
        guard force || floorValue.milliseconds(since: persisted) >= persistIntervalSeconds * 1000 else { return }
        do {
            try write(floorValue)
            persisted = floorValue
            persistFailure = nil
        } catch {
            persistFailure = "\(error)"
            if force { throw error }
        }
    }

    private func write(_ value: UTCTime) throws {
        try fileSystem.writeFileAtomically(path, Array((value.description + "\n").utf8), permissions: PolicyStateFiles.permissions)
    }

    /// Rewrites the file with the floor in memory when it is missing, unreadable or behind the
    /// floor last written (or `force`). Returns whether it rewrote the file.
    public func repairFile(force: Bool = false) throws -> Bool {
        try lock.withLock {
            guard persisted > UTCTime(millisecondsSinceEpoch: 0) || floorValue > persisted else { return false }
            if !force, try fileSystem.isPresent(path),
               let onDisk = UTCTime(rfc3339: try fileSystem.readText(path).trimmingCharacters(in: .whitespacesAndNewlines)), onDisk >= persisted {
                return false
            }
            try write(floorValue)
            persisted = floorValue
            persistFailure = nil
            return true
        }
    }

    public func refusal(_ status: Status) -> PolicyError? {
        guard case .rollback(let clock, let floor) = status else { return nil }
        return PolicyError(.clockRollback, "clock reads \(clock), \(floor.milliseconds(since: clock) / 1000) s before the time floor \(floor) (leeway \(leewaySeconds) s); capture and searches are refused until the clock is corrected")
    }
}
