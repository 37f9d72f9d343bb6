import MilepostHotlist

/// How the uploader batches and paces its posts (from `server` in unit.json).
public struct UploadSettings: Sendable, Equatable {
    /// Reads per batch, at most.
    public var batchSize: Int
    /// A batch stops growing at about this many bytes of JSON (always at least one read); a
    /// server takes up to `ReadBatchCodec.maximumBodyBytes`.
    public var maximumBatchBytes: Int
    /// How long to wait for new reads once every stored read is acknowledged.
    public var intervalMillis: Int64
    /// While the server is unreachable or refuses: half to all of 1 s × 2^(n-1), at most 5 min.
    public var backoff: RetryBackoff
    /// The share of the ring's capacity at which the waiting reads raise the alarm.
    public var backlogAlarmFraction: Double

    public static let defaultMaximumBatchBytes = 8 << 20
    public static let defaultBackoff = RetryBackoff(initialMillis: 1_000, maximumMillis: 300_000)
    public static let defaultBacklogAlarmFraction = 0.8

    public init(batchSize: Int = ServerSettings.defaultBatchSize, maximumBatchBytes: Int = UploadSettings.defaultMaximumBatchBytes,
                intervalMillis: Int64 = Int64(ServerSettings.defaultIntervalSeconds) * 1000,
                backoff: RetryBackoff = UploadSettings.defaultBackoff,
                backlogAlarmFraction: Double = UploadSettings.defaultBacklogAlarmFraction) {
        self.batchSize = batchSize
        self.maximumBatchBytes = maximumBatchBytes
        self.intervalMillis = intervalMillis
        self.backoff = backoff
        self.backlogAlarmFraction = backlogAlarmFraction
    }

    public init(_ server: ServerSettings) {
        self.init(batchSize: server.batchSize ?? ServerSettings.defaultBatchSize,
                  intervalMillis: Int64(server.intervalSeconds ?? ServerSettings.defaultIntervalSeconds) * 1000)
    }
}
