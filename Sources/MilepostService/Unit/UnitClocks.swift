import MilepostHardware

/// The clocks the unit's timing runs on. Tests give the board a ``VirtualClock``, so capture
/// cycles, the IR duty limit and camera backoff run without real waiting. Wall time (audit,
/// notices, the read store) is the system's.
public struct UnitClocks: Sendable {
    /// The board's time (CLOCK_MONOTONIC): capture sequencing, IR duty cycle, camera backoff.
    public var board: any MonotonicClock

    public init(board: any MonotonicClock = SystemMonotonicClock()) {
        self.board = board
    }
}
