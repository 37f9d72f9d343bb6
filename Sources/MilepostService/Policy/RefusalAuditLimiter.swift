import MilepostCore
import MilepostPolicy

/// Decides which unauthenticated refusals are audited one by one and which are counted, so a
/// peer cannot flood the audit log (each entry is an fsync) yet every refusal is accounted for.
///
/// Per peer address and refusal type, the first refusal opens a window and is audited in full.
/// Further ones within `windowMilliseconds` are counted; when the window has ended they are
/// written as one summary entry (their count, the time span and the last reason). So one peer
/// causes at most two entries per type per window. Once `maximumPeers` windows of individual
/// peers are open, refusals from any other peer share one window per type under `otherPeers`
/// (its first refusal is still audited in full, with its own address; the summary names up to
/// `namedOtherPeers` of the rest), so memory and entries stay bounded however many addresses
/// a flood comes from: at most 2 × (`maximumPeers` + types) entries per window.
struct RefusalAuditLimiter {
    struct Key: Hashable {
        var source: String
        var type: String
    }

    struct Window {
        var opened: UTCTime
        var further = 0
        var lastAt: UTCTime
        var lastReason = ""
        var sources: Set<String> = []
    }

    static let otherPeers = "other peers"
    /// Addresses a summary of `otherPeers` names at most.
    static let namedOtherPeers = 8

    let windowMilliseconds: Int64
    let maximumPeers: Int
    private(set) var windows: [Key: Window] = [:]

    init(windowMilliseconds: Int64, maximumPeers: Int) {
        self.windowMilliseconds = windowMilliseconds
        self.maximumPeers = maximumPeers
    }

    /// The entries to write now for `refusal`, in order: a summary of the peer's window if it
    /// has ended, then the refusal itself if it opens a new window. Empty if it was counted.
    mutating func admit(_ refusal: UnauthenticatedRefusal, at now: UTCTime) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var key = Key(source: refusal.source, type: refusal.type)
        if windows[key] == nil && peerCount >= maximumPeers {
            events += closeWindows(endedBy: now)
            if peerCount >= maximumPeers { key.source = Self.otherPeers }
        }
        if let window = windows[key], ended(window, at: now) {
            events.append(summary(of: window, key: key))
            windows[key] = nil
        }
        if var window = windows[key] {
            window.further += 1
            window.lastAt = now
            window.lastReason = refusal.reason
            if key.source == Self.otherPeers && window.sources.count < Self.namedOtherPeers { window.sources.insert(refusal.source) }
            windows[key] = window
        } else {
            windows[key] = Window(opened: now, lastAt: now)
            events.append(refusal.event)
        }
        return events
    }

    /// Summaries of the windows that have ended by `now` (which are then forgotten).
    mutating func closeWindows(endedBy now: UTCTime) -> [AuditEvent] {
        let ended = windows.filter { self.ended($0.value, at: now) }
        for key in ended.keys { windows[key] = nil }
        return summaries(of: ended)
    }

    /// Summaries of every window, ended or not: at shutdown, so no counted refusal is lost.
    mutating func closeAll() -> [AuditEvent] {
        let all = windows
        windows = [:]
        return summaries(of: all)
    }

    /// Open windows of individual peers (the shared `otherPeers` ones not counted).
    private var peerCount: Int { windows.keys.count { $0.source != Self.otherPeers } }

    private func ended(_ window: Window, at now: UTCTime) -> Bool {
        now.milliseconds(since: window.opened) >= windowMilliseconds
    }

    private func summaries(of windows: [Key: Window]) -> [AuditEvent] {
        windows.sorted { ($0.value.opened.millisecondsSinceEpoch, $0.key.source, $0.key.type) < ($1.value.opened.millisecondsSinceEpoch, $1.key.source, $1.key.type) }
            .compactMap { $0.value.further > 0 ? summary(of: $0.value, key: $0.key) : nil }
    }

    private func summary(of window: Window, key: Key) -> AuditEvent {
        let peers = key.source == Self.otherPeers ? " (among them \(window.sources.sorted().joined(separator: ", ")))" : ""
        return AuditEvent(
            type: key.type + ".summary", actor: AuditActor(id: "unauthenticated", organisation: ""), source: key.source,
            object: "\(window.further) further refused request\(window.further == 1 ? "" : "s") from \(key.source)\(peers) from \(window.opened) to \(window.lastAt)",
            outcome: .denied(reason: "the last: \(window.lastReason)"))
    }
}
