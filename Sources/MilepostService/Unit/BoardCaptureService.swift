import Logging
import MilepostHardware
import ServiceLifecycle

/// Capture with the board under it: starts the camera, runs the capture service, and however
/// it ends (graceful shutdown, another part's failure, cancellation) leaves the IR off, stops
/// the camera and gives the lines back. Last in the unit's service group, so it stops first.
struct BoardCaptureService: Service {
    let capture: UnitService
    let camera: any Camera
    let lines: BoardLines
    let logger: Logger

    func run() async throws {
        defer {
            camera.stop()
            lines.release()
        }
        await cancelWhenGracefulShutdown { [camera, logger] in
            do {
                try await camera.start()
            } catch {
                logger.error("camera did not start; it will be retried with backoff", metadata: ["error": "\(error)"])
            }
        }
        try await capture.run()
    }
}
