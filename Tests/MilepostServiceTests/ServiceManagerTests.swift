import Foundation
import Glibc
import Logging
import MilepostCore
import MilepostSystem
import MilepostTesting
import Testing

@testable import MilepostService

/// systemd integration without systemd: what the unit sends to a notify socket, and when it
/// withholds the watchdog ping.
@Suite(.serialized) struct ServiceManagerTests {
    @Test func theWatchdogIsPingedOnlyWhileTheUnitIsHealthy() {
        let manager = RecordingServiceManager(watchdogInterval: .seconds(1))
        let health = UnitHealth(frameGrace: .seconds(2))
        let service = ServiceManagerService(notifier: manager, health: health, status: "running", logger: Logger(label: "test"))
        var withheld = service.ping(withheld: nil)
        #expect(withheld == nil && manager.messages == ["WATCHDOG=1"])

        health.storeFailed("disk full")
        withheld = service.ping(withheld: withheld)
        withheld = service.ping(withheld: withheld)
        #expect(withheld == "the last read was not stored: disk full")
        #expect(manager.messages == ["WATCHDOG=1", "STATUS=unhealthy: the last read was not stored: disk full"], "no ping, and the reason once")

        health.storeCommitted()
        withheld = service.ping(withheld: withheld)
        #expect(withheld == nil && manager.messages.suffix(2) == ["STATUS=running", "WATCHDOG=1"])
    }

    @Test func aPresenceWithoutAFrameWithinTheGraceIsUnhealthyAndAnAuditFailureToo() {
        let auditFailure = Locked<String?>(nil)
        let health = UnitHealth(frameGrace: .seconds(2), auditFailure: { auditFailure.withLock { $0 } })
        let start = ContinuousClock.now
        health.presenceAllowed(at: start)
        #expect(health.problem(at: start + .seconds(1)) == nil)
        #expect(health.problem(at: start + .seconds(3))?.hasPrefix("no frame for") == true)
        health.presenceHandled()
        #expect(health.problem(at: start + .seconds(3)) == nil)
        auditFailure.withLock { $0 = "audit entry 9 (capture.permitted) was not recorded: disk full" }
        #expect(health.problem()?.hasPrefix("the audit log cannot be written") == true)
    }

    /// The real notifier, through libsystemd, to a notify socket this test listens on.
    @Test func systemdNotifierWritesToTheNotifySocketAndReadsTheWatchdogInterval() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("milepost-notify-\(getpid())").path
        unlink(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer {
            close(descriptor)
            unlink(path)
            unsetenv("NOTIFY_SOCKET")
            unsetenv("WATCHDOG_USEC")
            unsetenv("WATCHDOG_PID")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        let notifier = SystemdNotifier()
        #expect(notifier.notify(["READY=1"]) == false, "no NOTIFY_SOCKET: nothing is sent")
        setenv("NOTIFY_SOCKET", path, 1)
        #expect(notifier.notify(["READY=1", "STATUS=unit running"]))
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        #expect(count > 0)
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == "READY=1\nSTATUS=unit running")

        #expect(notifier.watchdogInterval == nil)
        setenv("WATCHDOG_USEC", "30000000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        #expect(notifier.watchdogInterval == .seconds(30))
        setenv("WATCHDOG_PID", "1", 1)
        #expect(notifier.watchdogInterval == nil, "a watchdog for another process is not ours")
    }
}
