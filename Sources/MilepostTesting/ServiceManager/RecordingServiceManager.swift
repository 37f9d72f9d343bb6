import MilepostCore
import MilepostSystem

/// A service manager that keeps every notification, as systemd's notify socket would receive
/// them, and asks for watchdog pings every `watchdogInterval` (nil: no watchdog).
public final class RecordingServiceManager: ServiceManagerNotifier {
    private let received = Locked<[String]>([])
    public let watchdogInterval: Duration?

    public init(watchdogInterval: Duration? = nil) { self.watchdogInterval = watchdogInterval }

    @discardableResult
    public func notify(_ assignments: [String]) -> Bool {
        received.withLock { $0.append(assignments.joined(separator: "\n")) }
        return true
    }

    /// Every message so far, one per `notify` call.
    public var messages: [String] { received.withLock { $0 } }
}
