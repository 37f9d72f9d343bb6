import MilepostCore

/// Turns per-frame hits into one notice per vehicle pass.
///
/// Frames of one pass read the same plate, or a look-alike of it (ABC1234, A8C1234), so
/// reads are keyed by their look-alike class. A key seen again within `passGap` of its
/// last sighting is the same pass and produces no notice. A new pass of a plate on a
/// routine or elevated list is also held back until `repeatInterval` has passed since its
/// last notice (a car circling the block is not news every minute); high-priority lists
/// are never rate-limited: every new pass notifies.
///
/// A pass counts as notified only once `recordNotice` is called, after its notice was
/// committed: until then every frame of the pass asks to notify again, so a notice whose
/// commit failed is retried by the next frame.
public struct PassDeduplicator: Sendable {
    public var passGapMillis: Int64
    public var repeatIntervalMillis: Int64
    private var sightings: [PlateKey: (lastSeen: Int64, lastNotified: Int64)] = [:]
    private var lastPrune: Int64 = 0

    public init(passGapMillis: Int64 = 15_000, repeatIntervalMillis: Int64 = 600_000) {
        self.passGapMillis = passGapMillis
        self.repeatIntervalMillis = repeatIntervalMillis
    }

    /// How long a notice can hold back later reads of its plate: notices older than this
    /// need not be remembered.
    public var memoryMillis: Int64 { max(passGapMillis, repeatIntervalMillis) }

    /// Whether a frame whose best hit is on a list of `priority`, seen at `now`, should
    /// start a notice. Call it for every frame that has hits; a frame that is held back
    /// extends its pass.
    public mutating func shouldNotify(plate: PlateText, priority: ListPriority, now: Int64) -> Bool {
        pruneIfDue(now: now)
        let key = PlateKey(canonicalOf: plate.characters)
        guard let previous = sightings[key] else { return true }
        let samePass = now - previous.lastSeen <= passGapMillis
        let rateLimited = priority != .high && now - previous.lastNotified < repeatIntervalMillis
        guard samePass || rateLimited else { return true }
        sightings[key] = (now, previous.lastNotified)
        return false
    }

    /// Marks the pass of `plate` seen at `now` as notified: call it once its notice is
    /// durably committed.
    public mutating func recordNotice(plate: PlateText, now: Int64) {
        let key = PlateKey(canonicalOf: plate.characters)
        let lastSeen = max(now, sightings[key]?.lastSeen ?? now)
        sightings[key] = (lastSeen, max(now, sightings[key]?.lastNotified ?? now))
    }

    public var trackedPlates: Int { sightings.count }

    private mutating func pruneIfDue(now: Int64) {
        let horizon = memoryMillis
        guard now - lastPrune > horizon else { return }
        lastPrune = now
        sightings = sightings.filter { now - $0.value.lastSeen <= horizon || now - $0.value.lastNotified < horizon }
    }
}
