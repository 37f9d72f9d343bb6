import MilepostCore
import MilepostPolicy

/// Decides which refusals of requests without a valid token are audited one by one and which
/// are counted, so a peer cannot flood the audit log (each entry is an fsync) yet every refusal
/// is accounted for, as on a unit.
///
/// Per peer address, the first refusal opens a window and is audited in full; further ones
/// within `windowMilliseconds` are counted and written, once the window has ended, as one
/// summary entry (their count, the time span, the last reason). Once `maximumPeers` windows are
/// open, refusals from any other address share one window under `otherPeers`, so memory and
/// entries stay bounded however many addresses a flood comes from.
struct RefusalWindows {
    struct Window {
        var opened: UTCTime
        var further = 0
        var lastAt: UTCTime
        var lastReason = ""
    }

    static let otherPeers = "other peers"
    static let eventType = "access.unauthenticated"

    let windowMilliseconds: Int64
    let maximumPeers: Int
    private(set) var windows: [String: Window] = [:]

    init(windowMilliseconds: Int64, maximumPeers: Int) {
        self.windowMilliseconds = windowMilliseconds
        self.maximumPeers = maximumPeers
    }

    /// The entries to write now for a refusal from `source`: the summary of its ended window,
    /// then the refusal itself if it opens a new window. Empty if it was counted.
    mutating func admit(source: String, object: String, reason: String, at now: UTCTime) -> [AuditEvent] {
        var events = closeWindows(endedBy: now)
        var key = source
        if windows[key] == nil && windows.keys.count(where: { $0 != Self.otherPeers }) >= maximumPeers { key = Self.otherPeers }
        if var window = windows[key] {
            window.further += 1
            window.lastAt = now
            window.lastReason = reason
            windows[key] = window
        } else {
            windows[key] = Window(opened: now, lastAt: now)
            events.append(AuditEvent(type: Self.eventType, actor: AuditActor(id: "unauthenticated", organisation: ""), source: source,
                                     object: object, outcome: .denied(reason: reason)))
        }
        return events
    }

    /// Summaries of the windows that have ended by `now` (which are then forgotten).
    mutating func closeWindows(endedBy now: UTCTime) -> [AuditEvent] {
        let length = windowMilliseconds
        return close { now.milliseconds(since: $0.opened) >= length }
    }

    /// Summaries of every window: at shutdown, so no counted refusal is lost.
    mutating func closeAll() -> [AuditEvent] { close { _ in true } }

    private mutating func close(where ended: (Window) -> Bool) -> [AuditEvent] {
        let closing = windows.filter { ended($0.value) }.sorted { ($0.value.opened, $0.key) < ($1.value.opened, $1.key) }
        for (key, _) in closing { windows[key] = nil }
        return closing.compactMap { key, window in
            guard window.further > 0 else { return nil }
            return AuditEvent(
                type: Self.eventType + ".summary", actor: AuditActor(id: "unauthenticated", organisation: ""), source: key,
                object: "\(window.further) further refused request\(window.further == 1 ? "" : "s") from \(key) from \(window.opened) to \(window.lastAt)",
                outcome: .denied(reason: "the last: \(window.lastReason)"))
        }
    }
}
