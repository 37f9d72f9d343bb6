import Foundation
import MilepostHardware

/// One capture cycle on the board: the sequencer fires IR and trigger, then the camera's
/// frame for that exposure is collected.
public struct SequencedCaptureCycles: CaptureCycleRunner {
    let sequencer: CaptureSequencer
    let camera: any Camera
    let frameTimeout: Duration

    public init(sequencer: CaptureSequencer, camera: any Camera, frameTimeout: Duration = .seconds(1)) {
        self.sequencer = sequencer
        self.camera = camera
        self.frameTimeout = frameTimeout
    }

    public func runCycle() async throws -> CapturedFrame? {
        switch try await sequencer.runCycle() {
        case .captured:
            let frame = try await camera.nextFrame(timeout: frameTimeout)
            let wallMilliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            return CapturedFrame(image: frame.image, capturedAtMilliseconds: wallMilliseconds)
        case .skippedForDutyCycle, .coalesced:
            return nil
        case .notAllowed:
            throw CycleNotRun.gateClosed
        case .cancelled:
            throw CycleNotRun.cancelled
        }
    }

    public func makeSafe() async {
        await sequencer.makeSafe()
    }
}

public enum CycleNotRun: Error, CustomStringConvertible {
    case gateClosed, cancelled

    public var description: String {
        switch self {
        case .gateClosed: return "the sequencer's capture gate closed before the IR turned on"
        case .cancelled: return "the cycle was cancelled by shutdown"
        }
    }
}
