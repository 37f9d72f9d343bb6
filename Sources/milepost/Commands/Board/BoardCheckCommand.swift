import ArgumentParser
import MilepostHardware

struct BoardCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Request every line of the board, report its state, and list the camera's formats."
    )

    @OptionGroup var options: BoardOptions

    func run() async throws {
        let board = try options.load()
        print("board \(board.name): \(board.description)")
        var problems = 0

        let provider = board.makeGPIOProvider()
        let chips = provider.chips()
        print("\nGPIO chips: " + (chips.isEmpty ? "none" : chips.map(\.description).joined(separator: "; ")))
        for check in BoardCheck.checkLines(of: board, provider: provider) {
            switch check.result {
            case .success(let state):
                print("  ok    \(check.role.padding(9)) \(check.spec): \(state)")
            case .failure(let error):
                problems += 1
                print("  FAIL  \(check.role.padding(9)) \(check.spec): \(error)")
            }
        }

        let timings = board.sequencer
        print("\nsequencer: IR lead \(timings.irLeadUs) µs, trigger \(timings.triggerWidthUs) µs, exposure \(timings.exposureUs) µs; "
            + "IR at most \(board.irProtection.maxDutyCycle * 100)% of any \(board.irProtection.windowMs) ms")

        print("\ncamera: \(board.camera.source.rawValue), wants \(board.camera.format.rawValue) \(board.camera.width)x\(board.camera.height) @ \(board.camera.fps) fps")
        var cameraPresent = true
        if board.camera.source == .v4l2, let device = board.camera.device {
            do {
                let (card, offers) = try V4L2Camera.offers(device: device)
                print("  \(device) is '\(card)', offering:")
                for offer in offers {
                    let mark = offer.fourcc == board.camera.format.rawValue ? "*" : " "
                    print("   \(mark) \(offer)")
                }
            } catch {
                problems += 1
                cameraPresent = false
                print("  FAIL  \(error)")
            }
        }
        if cameraPresent { problems += try await grabOneFrame(board) }

        print(problems == 0 ? "\nboard \(board.name): all checks passed" : "\nboard \(board.name): \(problems) problem(s), see FAIL lines above")
        if problems > 0 { throw ExitCode(1) }
    }

    /// Returns the number of problems found (0 or 1).
    private func grabOneFrame(_ board: BoardFile) async throws -> Int {
        let grab = try await CameraFrameGrab.grab(board: board, boardDirectory: options.boardDirectory)
        switch grab.frame {
        case .success(let frame):
            print("  ok    one frame from \(grab.summaryWhileRunning): \(frame.image.width)x\(frame.image.height), mean level \(meanLevel(frame))")
            return 0
        case .failure(let error):
            print("  FAIL  \(error)")
            return 1
        }
    }

    private func meanLevel(_ frame: Frame) -> Int {
        let pixels = frame.image.pixels
        return pixels.isEmpty ? 0 : pixels.reduce(0) { $0 + Int($1) } / pixels.count
    }
}
