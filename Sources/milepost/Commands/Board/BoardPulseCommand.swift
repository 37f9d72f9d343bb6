import ArgumentParser
import MilepostHardware

struct BoardPulseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pulse",
        abstract: "Fire one output: the camera trigger, the IR illuminator, or a whole capture cycle.",
        discussion: "IR pulses go through the capture sequencer's duty-cycle protection, as in service."
    )

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case trigger, ir, cycle
    }

    @OptionGroup var options: BoardOptions

    @Argument(help: "What to fire: \(Target.allCases.map(\.rawValue).joined(separator: ", ")).")
    var target: Target

    @Option(name: .customLong("width-us"), help: "Trigger pulse width in microseconds (default: the board's).")
    var widthMicroseconds: Int?

    func run() async throws {
        let (board, lines, clock) = try options.loadRequestingLines(consumer: "milepost-pulse")
        defer { lines.release() }
        do {
            switch target {
            case .trigger:
                let width = Duration.microseconds(widthMicroseconds ?? board.sequencer.triggerWidthUs)
                let start = clock.now()
                try lines.trigger.setActive(true)
                try await clock.sleep(until: start + width)
                try lines.trigger.setActive(false)
                print("trigger \(board.gpio.trigger): pulsed for \(Int((clock.now() - start).milliseconds * 1000)) µs")
            case .ir, .cycle:
                var timings = board.sequencer
                if target == .ir { timings.triggerWidthUs = max(1, widthMicroseconds ?? timings.triggerWidthUs) }
                let sequencer = CaptureSequencer(trigger: lines.trigger, ir: lines.ir, timings: timings,
                                                 protection: board.irProtection, clock: clock, gate: AlwaysAllowCapture(),
                                                 slack: .milliseconds(1))
                let outcome = try await sequencer.runCycle()
                guard case .captured(let record) = outcome else {
                    printError("the sequencer did not fire: \(outcome)")
                    throw ExitCode(1)
                }
                let us = { (a: MonotonicInstant, b: MonotonicInstant) in Int((b - a).milliseconds * 1000) }
                print("IR \(board.gpio.ir.map(\.description).joined(separator: ", ")) on for \(us(record.irOn, record.irOff)) µs")
                print("trigger \(board.gpio.trigger) rose \(us(record.irOn, record.triggerRise)) µs after IR on, high for \(us(record.triggerRise, record.triggerFall)) µs")
            }
        } catch let error as GPIOError {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
