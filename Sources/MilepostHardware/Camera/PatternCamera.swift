import MilepostImaging
import MilepostCore

/// A generated test pattern: a horizontal gradient, a bright bar that moves one step per
/// frame, and the frame number as a row of black and white blocks. Needs no files or
/// devices (the `sim` board's camera), and every frame is a pure function of its number.
public final class PatternCamera: Camera, Sendable {
    public let width: Int
    public let height: Int
    public let fps: Int
    private let clock: any MonotonicClock
    private let state = Locked<(started: MonotonicInstant?, sequence: UInt64)>((nil, 0))

    public init(width: Int, height: Int, fps: Int, clock: any MonotonicClock = SystemMonotonicClock()) {
        self.width = width
        self.height = height
        self.fps = max(1, fps)
        self.clock = clock
    }

    public var summary: String { "generated pattern GREY \(width)x\(height) @ \(fps) fps" }

    public func start() async throws(CameraError) {
        let now = clock.now()
        state.withLock { $0 = (now, 0) }
    }

    public func nextFrame(timeout: Duration) async throws(CameraError) -> Frame {
        guard let (started, sequence) = state.withLock({ value -> (MonotonicInstant, UInt64)? in
            guard let started = value.started else { return nil }
            defer { value.sequence += 1 }
            return (started, value.sequence)
        }) else {
            throw .system(operation: "read frame", device: "pattern", .invalidArgument)
        }
        let due = started + .nanoseconds(Int64(sequence) * 1_000_000_000 / Int64(fps))
        if due - clock.now() > timeout { throw .timedOut("pattern", after: timeout) }
        do { try await clock.sleep(until: due) } catch { throw .timedOut("pattern", after: timeout) }
        return Frame(image: Self.image(width: width, height: height, sequence: sequence), timestamp: due, sequence: sequence)
    }

    public func stop() {
        state.withLock { $0.started = nil }
    }

    public static func image(width: Int, height: Int, sequence: UInt64) -> LumaImage {
        var pixels = [UInt8](repeating: 0, count: width * height)
        let barX = Int(sequence % UInt64(max(1, width / 8))) * 8
        let block = max(1, width / 32)
        for y in 0..<height {
            for x in 0..<width {
                var value = UInt8(truncatingIfNeeded: x * 255 / max(1, width - 1))
                if x >= barX, x < barX + 8 { value = 250 }
                if y < block, x / block < 32 {
                    value = (sequence >> UInt64(31 - x / block)) & 1 == 1 ? 255 : 0
                }
                pixels[y * width + x] = value
            }
        }
        return LumaImage(width: width, height: height, pixels: pixels)
    }
}
