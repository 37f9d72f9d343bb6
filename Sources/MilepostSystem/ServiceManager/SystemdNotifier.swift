import CSystemd

/// `sd_notify(3)` from libsystemd: writes to the datagram socket named by `NOTIFY_SOCKET`,
/// which systemd sets for a `Type=notify` service. Without it (run by hand, in a test) every
/// call is a no-op that returns false.
public struct SystemdNotifier: ServiceManagerNotifier {
    public init() {}

    @discardableResult
    public func notify(_ assignments: [String]) -> Bool {
        sd_notify(0, assignments.joined(separator: "\n")) > 0
    }

    /// From `WATCHDOG_USEC` (and `WATCHDOG_PID`, when set, must be this process).
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }
}
