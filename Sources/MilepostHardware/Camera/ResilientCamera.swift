import MilepostCore

/// Wraps a camera so that a device that disappears (USB unplug, driver reset) is reopened
/// with exponential backoff instead of crashing the unit or spinning on a dead device.
/// Configuration errors (wrong format, not a capture device) are not retried.
public final class ResilientCamera: Camera, Sendable {
    public struct Backoff: Equatable, Sendable {
        public var initial: Duration
        public var maximum: Duration
        public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(10)) {
            self.initial = initial
            self.maximum = maximum
        }
    }

    private struct State {
        var started = false
        var failures = 0
        var reopens = 0
    }

    private let camera: any Camera
    private let clock: any MonotonicClock
    private let backoff: Backoff
    private let onProblem: @Sendable (CameraError, Duration) -> Void
    private let state = Locked(State())

    /// - Parameter onProblem: told each failure and the wait before the next attempt (for logs).
    public init(_ camera: any Camera, clock: any MonotonicClock, backoff: Backoff = Backoff(),
                onProblem: @escaping @Sendable (CameraError, Duration) -> Void = { _, _ in }) {
        self.camera = camera
        self.clock = clock
        self.backoff = backoff
        self.onProblem = onProblem
    }

    public var summary: String { camera.summary }
    /// How many times the device was reopened after a failure.
    public var reopenCount: Int { state.withLock { $0.reopens } }

    /// Starts once; transient failures here are retried like mid-stream ones.
    public func start() async throws(CameraError) {
        try await ensureStarted()
    }

    /// Waits for a frame through any number of reopen attempts. Only a configuration
    /// error or task cancellation ends the wait without a frame; `timeout` bounds each
    /// single read from an open device.
    public func nextFrame(timeout: Duration) async throws(CameraError) -> Frame {
        while true {
            try await ensureStarted()
            do {
                let frame = try await camera.nextFrame(timeout: timeout)
                state.withLock { $0.failures = 0 }
                return frame
            } catch where error.isTransient {
                camera.stop()
                state.withLock { $0.started = false }
                try await wait(after: error)
            }
        }
    }

    public func stop() {
        camera.stop()
        state.withLock { $0.started = false }
    }

    private func ensureStarted() async throws(CameraError) {
        while !state.withLock({ $0.started }) {
            do {
                try await camera.start()
                state.withLock { state in
                    if state.failures > 0 { state.reopens += 1 }
                    state.started = true
                }
            } catch where error.isTransient {
                try await wait(after: error)
            }
        }
    }

    private func wait(after error: CameraError) async throws(CameraError) {
        let failures = state.withLock { state in
            state.failures += 1
            return state.failures
        }
        let factor = Int64(1) << Int64(min(failures - 1, 20))
        let delay = min(backoff.initial * factor, backoff.maximum)
        onProblem(error, delay)
        do {
            try await clock.sleep(for: delay)
        } catch {
            throw .timedOut(camera.summary, after: delay)
        }
    }
}
