import MilepostCore
import MilepostImaging

/// One grey frame and when it was exposed (CLOCK_MONOTONIC, like GPIO edge timestamps).
public struct Frame: Sendable, Equatable {
    public var image: LumaImage
    public var timestamp: MonotonicInstant
    public var sequence: UInt64

    public init(image: LumaImage, timestamp: MonotonicInstant, sequence: UInt64) {
        self.image = image
        self.timestamp = timestamp
        self.sequence = sequence
    }
}

/// A source of grey frames: a V4L2 device, a replay folder, a test pattern or a test fake.
public protocol Camera: AnyObject, Sendable {
    /// What it is, for logs and `board check` ("/dev/video0 (vivid) GREY 640x480 @ 30 fps").
    var summary: String { get }
    /// Opens and starts streaming. Calling it again after `stop()` restarts.
    func start() async throws(CameraError)
    /// The next frame, waiting at most `timeout`.
    func nextFrame(timeout: Duration) async throws(CameraError) -> Frame
    /// Stops streaming and releases the device. Safe to call more than once.
    func stop()
}
