/// Keeps the IR illuminator's on-time within `maxDutyCycle` of every sliding window.
///
/// For a cycle starting at `t` with on-time `d`, the window that sees the most IR is the one
/// ending at `t + d` (earlier windows see less of the new cycle than they lose of the past;
/// later windows see less of the past). So the cycle is allowed exactly when
/// `onTime(in: [t + d - window, t]) + d <= budget`.
public struct IRDutyLimiter: Sendable {
    public let protection: IRProtection
    /// Past IR-on intervals, oldest first, none older than one window.
    private(set) var intervals: [(start: MonotonicInstant, end: MonotonicInstant)] = []

    public init(protection: IRProtection) { self.protection = protection }

    /// IR on-time inside `[from, to]`.
    public func onTime(from: MonotonicInstant, to: MonotonicInstant) -> Duration {
        var total = Duration.zero
        for interval in intervals {
            let start = max(interval.start, from)
            let end = min(interval.end, to)
            if end > start { total += end - start }
        }
        return total
    }

    /// The earliest start at or after `now` at which a cycle keeping IR on for `onTime`
    /// stays within the budget; nil if `onTime` alone exceeds the budget.
    public func earliestStart(onTime: Duration, notBefore now: MonotonicInstant) -> MonotonicInstant? {
        let budget = protection.budget
        guard onTime <= budget else { return nil }
        let allowedPast = budget - onTime
        // Find the latest cut point x such that the on-time after x is at most allowedPast.
        var accumulated = Duration.zero
        var cut: MonotonicInstant?
        for interval in intervals.reversed() {
            let length = interval.end - interval.start
            if accumulated + length > allowedPast {
                cut = interval.end - (allowedPast - accumulated)
                break
            }
            accumulated += length
        }
        guard let cut else { return now }
        // The window [t + d - W, t] must start at or after the cut.
        return max(now, cut + protection.window - onTime)
    }

    public mutating func record(from start: MonotonicInstant, to end: MonotonicInstant) {
        guard end > start else { return }
        intervals.append((start, end))
        let horizon = end - protection.window
        intervals.removeAll { $0.end <= horizon }
    }
}
