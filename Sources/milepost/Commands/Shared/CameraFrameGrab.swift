import MilepostHardware
import MilepostSystem

/// One frame from the board's camera, for the installer commands: the camera runs on a pool
/// of its own, drops `skip` frames while auto exposure settles, and is stopped again.
struct CameraFrameGrab {
    /// The camera, stopped by now.
    let camera: any Camera
    let frame: Result<Frame, CameraError>
    /// The camera's summary while it was streaming (a V4L2 camera names its card only then).
    let summaryWhileRunning: String

    static func grab(board: BoardFile, boardDirectory: String, skip: Int = 0) async throws -> CameraFrameGrab {
        let pool = BlockingPool(threadCount: 1)
        let camera = board.makeCamera(pool: pool, boardDirectory: boardDirectory)
        let (frame, summary) = await nextFrame(from: camera, skip: skip)
        try await pool.shutdown()
        return CameraFrameGrab(camera: camera, frame: frame, summaryWhileRunning: summary)
    }

    private static func nextFrame(from camera: any Camera, skip: Int) async -> (Result<Frame, CameraError>, String) {
        do throws(CameraError) {
            try await camera.start()
            defer { camera.stop() }
            for _ in 0..<max(0, skip) { _ = try await camera.nextFrame(timeout: .seconds(3)) }
            let frame = try await camera.nextFrame(timeout: .seconds(3))
            return (.success(frame), camera.summary)
        } catch {
            return (.failure(error), camera.summary)
        }
    }
}
