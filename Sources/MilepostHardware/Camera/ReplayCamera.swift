import Foundation
import MilepostImaging
import MilepostCore
import MilepostSystem

/// Plays a folder of JPEG frames (sorted by name, looping) at a fixed rate, for demos,
/// benchmarks and tests. Frames are decoded to luma as they are played.
///
/// With `passFrames`, each photograph is a vehicle pass instead of one frame: up to
/// `passFrames` frames asked for less than `passGap` apart are the same vehicle approaching
/// (`ApproachingVehicle`), and the next frame, or one asked for later, starts the next
/// photograph's pass. A burst of `passFrames` per presence event then reads one vehicle.
public final class ReplayCamera: Camera, Sendable {
    private struct State {
        var files: [String] = []
        var next = 0
        var started: MonotonicInstant?
        var sequence: UInt64 = 0
        var lastAsked: MonotonicInstant?
        var passFile = 0
        var passStep = 0
    }

    public let folder: String
    public let fps: Int
    public let passFrames: Int?
    public static let passGap: Duration = .milliseconds(500)
    private let clock: any MonotonicClock
    private let pool: BlockingPool
    private let state = Locked(State())

    public init(folder: String, fps: Int, passFrames: Int? = nil, pool: BlockingPool, clock: any MonotonicClock = SystemMonotonicClock()) {
        self.folder = folder
        self.pool = pool
        self.fps = max(1, fps)
        self.passFrames = passFrames.map { max(1, $0) }
        self.clock = clock
    }

    public var summary: String { "replay of \(folder) @ \(fps) fps" + (passFrames.map { ", each photograph a pass of \($0) frames" } ?? "") }

    public func start() async throws(CameraError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw .noSuchDevice(folder, available: [])
        }
        let files = names.filter { $0.lowercased().hasSuffix(".jpg") || $0.lowercased().hasSuffix(".jpeg") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else { throw .emptyReplayFolder(folder) }
        let now = clock.now()
        state.withLock { $0 = State(files: files, next: 0, started: now, sequence: 0) }
    }

    public func nextFrame(timeout: Duration) async throws(CameraError) -> Frame {
        let asked = clock.now()
        guard let (file, sequence, started, step) = state.withLock({ state -> (String, UInt64, MonotonicInstant, Int?)? in
            guard let started = state.started else { return nil }
            defer { state.sequence += 1 }
            guard let passFrames else {
                defer { state.next = (state.next + 1) % state.files.count }
                return (state.files[state.next], state.sequence, started, nil)
            }
            if let last = state.lastAsked, asked - last < Self.passGap, state.passStep + 1 < passFrames {
                state.passStep += 1
            } else {
                state.passFile = state.next
                state.next = (state.next + 1) % state.files.count
                state.passStep = 0
            }
            state.lastAsked = asked
            return (state.files[state.passFile], state.sequence, started, state.passStep)
        }) else {
            throw .system(operation: "read frame", device: folder, .invalidArgument)
        }
        // Frame n is due n/fps after start, so the rate does not drift with decode time.
        let due = started + .nanoseconds(Int64(sequence) * 1_000_000_000 / Int64(fps))
        if due - clock.now() > timeout { throw .timedOut(folder, after: timeout) }
        do { try await clock.sleep(until: due) } catch { throw .timedOut(folder, after: timeout) }
        let steps = passFrames
        return try await pool.runCameraWork(device: folder) { () throws(CameraError) -> Frame in
            let frame = try Self.decodeFrame(file: file, timestamp: due, sequence: sequence)
            guard let step, let steps else { return frame }
            let approaching = ApproachingVehicle().frame(frame.image, step: step, of: steps, seed: sequence)
            return Frame(image: approaching, timestamp: frame.timestamp, sequence: frame.sequence)
        }
    }

    /// Reads and decodes one frame file: blocks.
    private static func decodeFrame(file: String, timestamp: MonotonicInstant, sequence: UInt64) throws(CameraError) -> Frame {
        let bytes: [UInt8]
        do {
            bytes = try ImageFile.read(file)
        } catch {
            throw .unreadableFrameFile(file, reason: error.description)
        }
        do {
            return Frame(image: try JPEG.decodeLuma(bytes), timestamp: timestamp, sequence: sequence)
        } catch {
            throw .unreadableFrameFile(file, reason: "not a decodable JPEG: \(error)")
        }
    }

    public func stop() {
        state.withLock { $0.started = nil }
    }
}
