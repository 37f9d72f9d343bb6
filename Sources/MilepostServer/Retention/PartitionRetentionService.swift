import Logging
import MilepostCore
import ServiceLifecycle

/// Runs `PartitionRetention`, and `NoticeRetention` when given, at start and then at every UTC
/// midnight of its wall clock (a virtual one in tests). A pass that fails (PostgreSQL down, the audit log unwritable) is
/// logged and tried again a minute later; reads past retention are then kept a little longer,
/// never dropped unaudited.
public struct PartitionRetentionService: Service {
    public let retention: PartitionRetention
    public let notices: NoticeRetention?
    public let logger: Logger
    public static let retryAfterFailureMilliseconds: Int64 = 60_000

    public init(retention: PartitionRetention, notices: NoticeRetention? = nil, logger: Logger) {
        self.retention = retention
        self.notices = notices
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let clock = retention.clock
                let next: UTCTime
                do {
                    try await retention.pass()
                    try await notices?.pass()
                    next = PartitionRetention.nextMidnight(after: clock.now())
                } catch {
                    logger.error("retention pass failed; trying again in a minute", metadata: ["reason": "\(PostgresFailure.describe(error))"])
                    next = clock.now().adding(milliseconds: Self.retryAfterFailureMilliseconds)
                }
                do { try await clock.sleep(until: next) } catch { return }
            }
        }
    }
}
