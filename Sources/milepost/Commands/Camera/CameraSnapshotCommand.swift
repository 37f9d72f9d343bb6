import ArgumentParser
import Foundation
import MilepostHardware
import MilepostImaging
import MilepostSystem

struct CameraSnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save one grey frame from the board's camera as a JPEG, for aiming and focus."
    )

    @OptionGroup var options: BoardOptions

    @Argument(help: "Where to write the JPEG.")
    var output: String

    @Option(help: "Frames to discard first, while auto exposure settles.")
    var skip: Int = 2

    @Option(help: "JPEG quality, 1-100.")
    var quality: Int = 90

    func run() async throws {
        guard (1...100).contains(quality) else {
            printError("--quality must be between 1 and 100, got \(quality)")
            throw ExitCode(2)
        }
        let board = try options.load()
        let pool = BlockingPool(threadCount: 1)
        let camera = board.makeCamera(pool: pool, boardDirectory: options.boardDirectory)
        let frame: Frame
        let grabbed = await grab(from: camera)
        try await pool.shutdown()
        switch grabbed {
        case .success(let grabbed):
            frame = grabbed
        case .failure(let error):
            printError("\(error)")
            throw ExitCode(1)
        }
        do {
            let jpeg = try JPEG.encodeGrey(frame.image, quality: quality)
            // Replaced atomically, so an existing file is never left half-written.
            try DiskFileSystem().replaceAtomically(
                output, with: jpeg, permissions: [.ownerReadWrite, .groupRead, .otherRead], temporary: output + ".partial")
            print("wrote \(output): \(frame.image.width)x\(frame.image.height) grey, \(jpeg.count) bytes, from \(camera.summary)")
        } catch {
            printError("cannot write \(output): \(error)")
            throw ExitCode(1)
        }
    }

    private func grab(from camera: any Camera) async -> Result<Frame, CameraError> {
        do throws(CameraError) {
            try await camera.start()
            defer { camera.stop() }
            for _ in 0..<max(0, skip) { _ = try await camera.nextFrame(timeout: .seconds(3)) }
            return .success(try await camera.nextFrame(timeout: .seconds(3)))
        } catch {
            return .failure(error)
        }
    }
}
