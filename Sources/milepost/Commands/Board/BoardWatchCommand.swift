import ArgumentParser
import MilepostHardware

struct BoardWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print edge events on the presence and tamper inputs as they happen (Ctrl-C to stop)."
    )

    @OptionGroup var options: BoardOptions

    @Option(help: "Stop after this many events.")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var seconds: Double?

    func run() async throws {
        let (_, lines, clock) = try options.loadRequestingLines(consumer: "milepost-watch")
        defer { lines.release() }
        var inputs: [(String, any GPIOInputLine)] = [("presence", lines.presence)]
        if let tamper = lines.tamper { inputs.append(("tamper", tamper)) }
        for (name, line) in inputs {
            print("\(name): \(line.chipName) line \(line.offset), now \((try? line.isActive()) == true ? "active" : "inactive")")
        }
        print("watching; edges are stamped with CLOCK_MONOTONIC seconds")
        let end = seconds.map { clock.now() + .milliseconds(Int64($0 * 1000)) }
        var seen = 0
        while count.map({ seen < $0 }) ?? true, end.map({ clock.now() < $0 }) ?? true, !Task.isCancelled {
            for (name, line) in inputs {
                do {
                    if let event = try line.nextEvent(timeout: .milliseconds(inputs.count > 1 ? 20 : 200)) {
                        seen += 1
                        print("\(event.timestamp)  \(name.padding(8)) \(event.edge == .rising ? "active  (rising)" : "inactive (falling)")")
                    }
                } catch {
                    printError("\(error)")
                    throw ExitCode(1)
                }
            }
        }
    }
}
