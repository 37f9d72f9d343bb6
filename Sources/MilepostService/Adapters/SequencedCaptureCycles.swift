import Foundation
import MilepostHardware
import MilepostCore
import MilepostSystem

/// One capture cycle on the board: the sequencer fires IR and trigger, then the camera's
/// frame for that exposure is collected.
public struct SequencedCaptureCycles: CaptureCycleRunner {
    let sequencer: CaptureSequencer
    let camera: any Camera
    let frameTimeout: Duration
    let wallClock: any WallClock

    public init(sequencer: CaptureSequencer, camera: any Camera, frameTimeout: Duration = .seconds(1),
                wallClock: any WallClock = SystemWallClock()) {
        self.sequencer = sequencer
        self.camera = camera
        self.frameTimeout = frameTimeout
        self.wallClock = wallClock
    }

    public func runCycle() async throws -> CapturedFrame? {
        switch try await sequencer.runCycle() {
        case .captured:
            let frame = try await camera.nextFrame(timeout: frameTimeout)
            return CapturedFrame(image: frame.image, capturedAtMilliseconds: wallClock.now().millisecondsSinceEpoch)
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
