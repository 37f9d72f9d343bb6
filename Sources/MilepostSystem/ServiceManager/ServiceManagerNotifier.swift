/// What a long-running service tells the service manager that started it (systemd's
/// `Type=notify`): that it is ready, that it is still healthy, that it is stopping.
public protocol ServiceManagerNotifier: Sendable {
    /// Sends `KEY=value` assignments (`READY=1`, `WATCHDOG=1`, `STATUS=…`, `STOPPING=1`).
    /// Returns whether a service manager received them (false when none is listening).
    @discardableResult
    func notify(_ assignments: [String]) -> Bool

    /// How often the service manager expects `WATCHDOG=1`, or nil when it does not watch
    /// this process.
    var watchdogInterval: Duration? { get }
}
