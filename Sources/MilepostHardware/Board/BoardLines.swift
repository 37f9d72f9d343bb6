/// The board's lines, requested together. Outputs start inactive (IR off, trigger low).
public final class BoardLines: Sendable {
    public let trigger: any GPIOOutputLine
    public let ir: [any GPIOOutputLine]
    public let presence: any GPIOInputLine
    public let tamper: (any GPIOInputLine)?
    private let chips: [any GPIOChip]

    /// Requests every line of `board`. On any failure, lines already requested are
    /// released before the error is thrown.
    public init(board: BoardFile, provider: any GPIOProvider, consumer: String = "milepost") throws(GPIOError) {
        var chips: [String: any GPIOChip] = [:]
        var outputs: [any GPIOOutputLine] = []
        var inputs: [any GPIOInputLine] = []
        func chip(_ name: String) throws(GPIOError) -> any GPIOChip {
            if let open = chips[name] { return open }
            let opened = try provider.openChip(name)
            chips[name] = opened
            return opened
        }
        func output(_ spec: LineSpec, _ role: String) throws(GPIOError) -> any GPIOOutputLine {
            let line = try chip(spec.chip).requestOutput(spec.line, settings: spec.settings(consumer: "\(consumer)-\(role)"), initiallyActive: false)
            outputs.append(line)
            return line
        }
        func input(_ spec: LineSpec, _ role: String) throws(GPIOError) -> any GPIOInputLine {
            let line = try chip(spec.chip).requestInput(spec.line, settings: spec.settings(consumer: "\(consumer)-\(role)"))
            inputs.append(line)
            return line
        }
        do throws(GPIOError) {
            trigger = try output(board.gpio.trigger, "trigger")
            var ir: [any GPIOOutputLine] = []
            for (index, spec) in board.gpio.ir.enumerated() { ir.append(try output(spec, "ir\(index)")) }
            self.ir = ir
            presence = try input(board.gpio.presence, "presence")
            tamper = try board.gpio.tamper.map { (spec) throws(GPIOError) in try input(spec, "tamper") }
            self.chips = Array(chips.values)
        } catch {
            for line in outputs { line.release() }
            for line in inputs { line.release() }
            for chip in chips.values { chip.close() }
            throw error
        }
    }

    public func release() {
        for line in ir {
            try? line.setActive(false)
            line.release()
        }
        try? trigger.setActive(false)
        trigger.release()
        presence.release()
        tamper?.release()
        for chip in chips { chip.close() }
    }
}

extension LineSpec {
    public func settings(consumer: String) -> GPIOLineSettings {
        GPIOLineSettings(consumer: consumer, activeLow: activeLow, bias: bias)
    }
}

extension BoardFile {
    /// The GPIO this board runs on: the in-process simulated chip for the `sim` board, the
    /// kernel's chips through libgpiod otherwise.
    public func makeGPIOProvider(clock: any MonotonicClock = SystemMonotonicClock()) -> any GPIOProvider {
        guard let sim = gpio.simulatedChip else { return LibgpiodProvider() }
        let gpio = SimulatedGPIO(chips: [.init(name: sim.name, label: sim.label, lineCount: sim.lines)],
                                 clock: clock, waitsInRealTime: true)
        if let period = sim.presencePeriodMs {
            gpio.stimulate(chip: sim.name, line: self.gpio.presence.line, every: .milliseconds(period))
        }
        return gpio
    }
}
