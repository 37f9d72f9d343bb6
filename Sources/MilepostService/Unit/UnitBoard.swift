import MilepostHardware
import MilepostSystem

/// The board the unit runs on: its pin map and timings, its GPIO and its camera, neither yet
/// opened. The unit requests the lines and starts the camera itself, and gives both back when
/// it stops.
public struct UnitBoard: Sendable {
    public var file: BoardFile
    public var gpio: any GPIOProvider
    public var camera: any Camera

    public init(file: BoardFile, gpio: any GPIOProvider, camera: any Camera) {
        self.file = file
        self.gpio = gpio
        self.camera = camera
    }
}

/// Where the unit finds the board its configuration names: the board files on disk
/// (``BoardDirectory``), or a test's simulated board whose GPIO and camera the test watches.
public protocol UnitBoardSource: Sendable, CustomStringConvertible {
    /// `pool` is where the camera waits for frames.
    func board(named name: String, clock: any MonotonicClock, pool: BlockingPool) throws -> UnitBoard
}

/// The board files in a directory (`Board/`): the kernel's GPIO through libgpiod and a V4L2
/// camera, or for the `sim` board the in-process chip and the replayed scenes.
public struct BoardDirectory: UnitBoardSource {
    public var path: String

    public init(path: String) { self.path = path }

    public var description: String { path }

    public func board(named name: String, clock: any MonotonicClock, pool: BlockingPool) throws -> UnitBoard {
        let file = try BoardLoader(directory: path).load(name)
        return UnitBoard(file: file, gpio: file.makeGPIOProvider(clock: clock),
                         camera: file.makeCamera(pool: pool, clock: clock, boardDirectory: path))
    }
}
