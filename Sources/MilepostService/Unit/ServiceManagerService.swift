import Logging
import MilepostSystem
import ServiceLifecycle

/// Tells systemd (`Type=notify`) that the unit is up once every part has opened, pings its
/// watchdog at half the interval systemd asks for while `UnitHealth` finds nothing wrong, and
/// says it is stopping at a graceful shutdown. A unit that stops capturing, storing or auditing
/// misses its pings, and systemd restarts it. Without systemd every call is a no-op.
struct ServiceManagerService: Service {
    let notifier: any ServiceManagerNotifier
    let health: UnitHealth
    let status: String
    let logger: Logger

    func run() async throws {
        notifier.notify(["READY=1", "STATUS=\(status)"])
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            notifier.notify(["STOPPING=1"])
            return
        }
        await cancelWhenGracefulShutdown { [self] in
            var withheld: String?
            while !Task.isCancelled {
                withheld = ping(withheld: withheld)
                try? await Task.sleep(for: interval / 2)
            }
        }
        notifier.notify(["STOPPING=1"])
    }

    /// One watchdog turn: pings if healthy; otherwise withholds the ping and says why (once per
    /// problem). Returns the problem now withheld for, if any.
    func ping(withheld: String?) -> String? {
        if let problem = health.problem() {
            if withheld != problem {
                logger.error("watchdog not pinged: the unit is unhealthy", metadata: ["problem": "\(problem)"])
                notifier.notify(["STATUS=unhealthy: \(problem)"])
            }
            return problem
        }
        if withheld != nil {
            logger.notice("watchdog pinged again: the unit is healthy")
            notifier.notify(["STATUS=\(status)"])
        }
        notifier.notify(["WATCHDOG=1"])
        return nil
    }
}
