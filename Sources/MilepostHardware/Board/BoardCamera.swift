import MilepostSystem

extension BoardFile {
    /// The camera this board file describes (not yet started).
    public func makeCamera(pool: BlockingPool, clock: any MonotonicClock = SystemMonotonicClock(), boardDirectory: String = ".") -> any Camera {
        switch camera.source {
        case .v4l2:
            return V4L2Camera(settings: .init(device: camera.device ?? "/dev/video0", format: camera.format,
                                              width: camera.width, height: camera.height, fps: camera.fps,
                                              exposure: camera.exposure, gain: camera.gain), pool: pool, clock: clock)
        case .replay:
            let folder = camera.folder ?? "."
            let path = folder.hasPrefix("/") ? folder : boardDirectory + "/" + folder
            return ReplayCamera(folder: path, fps: camera.fps, passFrames: camera.passFrames, pool: pool, clock: clock)
        case .pattern:
            return PatternCamera(width: camera.width, height: camera.height, fps: camera.fps, clock: clock)
        }
    }
}
