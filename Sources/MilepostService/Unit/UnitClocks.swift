import MilepostCore
import MilepostHardware
import MilepostSystem

/// The clocks the unit runs on. Tests give the board a virtual clock, so capture cycles, the
/// IR duty limit and camera backoff run without real waiting, and a manual wall clock, so
/// authorization expiry, retention and audit times are theirs to set.
public struct UnitClocks: Sendable {
    /// The board's time (CLOCK_MONOTONIC): capture sequencing, IR duty cycle, camera backoff.
    public var board: any MonotonicClock
    /// Wall time (UTC): capture times, the audit log, policy decisions, notices, the read store.
    public var wall: any WallClock

    public init(board: any MonotonicClock = SystemMonotonicClock(), wall: any WallClock = SystemWallClock()) {
        self.board = board
        self.wall = wall
    }
}
