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
        let grab = try await CameraFrameGrab.grab(board: board, boardDirectory: options.boardDirectory, skip: skip)
        let frame: Frame
        switch grab.frame {
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
            print("wrote \(output): \(frame.image.width)x\(frame.image.height) grey, \(jpeg.count) bytes, from \(grab.camera.summary)")
        } catch {
            printError("cannot write \(output): \(error)")
            throw ExitCode(1)
        }
    }
}
