import MilepostCore

/// The system's wall clock moved a fixed time ahead: a virtual clock for the simulated unit, so
/// that a demonstration or test can see what the unit does a year on (retention erasure,
/// expiries) without waiting or touching the machine's clock.
public struct AheadWallClock: WallClock {
    public let aheadMilliseconds: Int64
    private let system = SystemWallClock()

    public init(aheadMilliseconds: Int64) { self.aheadMilliseconds = aheadMilliseconds }

    public func now() -> UTCTime { system.now().adding(milliseconds: aheadMilliseconds) }

    public func sleep(until deadline: UTCTime) async throws {
        try await system.sleep(until: deadline.adding(milliseconds: -aheadMilliseconds))
    }
}
