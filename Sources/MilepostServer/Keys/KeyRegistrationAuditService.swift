import Logging
import MilepostCore
import ServiceLifecycle

/// Runs `KeyRegistrationAudit` at start and then every `intervalMilliseconds`, so a key
/// registered beside the running server is audited within seconds. A pass that fails is
/// logged and tried again at the next interval; the registration waits unaudited, never lost.
public struct KeyRegistrationAuditService: Service {
    public let registrations: KeyRegistrationAudit
    public let clock: any WallClock
    public let logger: Logger
    public static let intervalMilliseconds: Int64 = 5_000

    public init(registrations: KeyRegistrationAudit, clock: any WallClock, logger: Logger) {
        self.registrations = registrations
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let audited = try await registrations.pass()
                    if audited > 0 { logger.notice("unit key registrations audited", metadata: ["count": "\(audited)"]) }
                } catch {
                    if Task.isCancelled { return }
                    logger.error("auditing unit key registrations failed; trying again", metadata: ["reason": "\(PostgresFailure.describe(error))"])
                }
                do { try await clock.sleep(until: clock.now().adding(milliseconds: Self.intervalMilliseconds)) } catch { return }
            }
        }
    }
}
