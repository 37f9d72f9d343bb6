import MilepostCore
import MilepostHardware
import MilepostImaging

/// A test double that plays back a script of frames and failures, and counts how often it
/// was started and stopped. Used to test backoff, snapshot and service code without devices.
public final class ScriptedCamera: Camera, Sendable {
    public enum Step: Sendable {
        case frame(LumaImage)
        case fail(CameraError)
    }

    private struct State {
        var startResults: [CameraError?]
        var steps: [Step]
        var started = false
        var starts = 0
        var stops = 0
        var sequence: UInt64 = 0
    }

    private let clock: any MonotonicClock
    private let state: Locked<State>

    /// - Parameters:
    ///   - startResults: the outcome of each `start()` in turn (nil = success); after the
    ///     list runs out, starts succeed.
    ///   - steps: what each `nextFrame` returns in turn; after the list runs out, reads time out.
    public init(startResults: [CameraError?] = [], steps: [Step], clock: any MonotonicClock) {
        self.clock = clock
        state = Locked(State(startResults: startResults, steps: steps))
    }

    public var summary: String { "scripted camera" }
    public var startCount: Int { state.withLock { $0.starts } }
    public var stopCount: Int { state.withLock { $0.stops } }

    public func start() async throws(CameraError) {
        let failure: CameraError? = state.withLock { state in
            state.starts += 1
            let result = state.startResults.isEmpty ? nil : state.startResults.removeFirst()
            state.started = result == nil
            return result
        }
        if let failure { throw failure }
    }

    public func nextFrame(timeout: Duration) async throws(CameraError) -> Frame {
        let now = clock.now()
        let step: Step? = state.withLock { state in
            guard state.started, !state.steps.isEmpty else { return nil }
            return state.steps.removeFirst()
        }
        switch step {
        case .frame(let image)?:
            let sequence = state.withLock { state in
                defer { state.sequence += 1 }
                return state.sequence
            }
            return Frame(image: image, timestamp: now, sequence: sequence)
        case .fail(let error)?:
            throw error
        case nil:
            throw .timedOut("scripted camera", after: timeout)
        }
    }

    public func stop() {
        state.withLock { state in
            state.started = false
            state.stops += 1
        }
    }
}
