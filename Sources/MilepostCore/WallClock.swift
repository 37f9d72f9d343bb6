/// The wall clock: what time it is in UTC, and a wait until a given time. Expiry, retention,
/// the time floor, audit timestamps and notice delivery all read it through this protocol, so
/// they are tested on virtual time (`ManualWallClock` in MilepostTesting). Durations that must
/// not jump with the wall clock use Hardware's monotonic clock instead.
public protocol WallClock: Sendable {
    func now() -> UTCTime
    /// Suspends until `deadline` or until the task is cancelled (then throws `CancellationError`).
    func sleep(until deadline: UTCTime) async throws
}
