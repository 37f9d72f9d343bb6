import MilepostCore
#if canImport(Glibc)
import Glibc
#endif

/// An in-process GPIO controller: the test double for unit tests and the chip of the `sim`
/// board. It follows the kernel's rules (range checks, one holder per line, active-low
/// inversion, edges only on requested inputs) and records every output change with a
/// timestamp from the injected clock, so tests can assert pulse order and widths exactly.
public final class SimulatedGPIO: GPIOProvider, Sendable {
    /// A simulated chip is described as `board check` lists a real one.
    public typealias ChipSpec = GPIOChipSummary

    /// One recorded output transition, in logical terms (after active-low).
    public struct OutputChange: Equatable, Sendable {
        public var chip: String
        public var line: Int
        public var active: Bool
        public var at: MonotonicInstant
    }

    struct LineState {
        var level = false              // physical level
        var consumer: String?
        var activeLow = false
        var isOutput = false
        var pendingEdges: [GPIOEdgeEvent] = []
        var stimulusPeriod: Duration?
        var nextStimulus: MonotonicInstant?
    }

    struct State {
        var lines: [String: [LineState]] = [:]
        var changes: [OutputChange] = []
        var deniedChips: Set<String> = []
    }

    let clock: any MonotonicClock
    let specs: [ChipSpec]
    /// When true, `nextEvent` really waits (sim board); when false it returns at once (tests).
    let waitsInRealTime: Bool
    let state = Locked(State())

    public init(chips: [ChipSpec], clock: any MonotonicClock, waitsInRealTime: Bool = false) {
        self.specs = chips
        self.clock = clock
        self.waitsInRealTime = waitsInRealTime
        state.withLock { state in
            for chip in chips { state.lines[chip.name] = Array(repeating: LineState(), count: chip.lineCount) }
        }
    }

    // MARK: GPIOProvider

    public func chips() -> [GPIOChipSummary] {
        specs.map { GPIOChipSummary(name: $0.name, label: $0.label, lineCount: $0.lineCount) }
    }

    public func openChip(_ nameOrLabel: String) throws(GPIOError) -> any GPIOChip {
        guard let spec = specs.first(where: { $0.name == nameOrLabel || $0.label == nameOrLabel || "/dev/\($0.name)" == nameOrLabel }) else {
            throw .noSuchChip(nameOrLabel, available: chips())
        }
        if state.withLock({ $0.deniedChips.contains(spec.name) }) {
            throw .permissionDenied(chip: spec.name, line: nil)
        }
        return SimulatedChip(gpio: self, spec: spec)
    }

    // MARK: Test and simulation controls

    /// Another process takes the line (so requests fail with `lineBusy`).
    public func holdExternally(chip: String, line: Int, consumer: String) {
        state.withLock { $0.lines[chip]?[line].consumer = consumer }
    }

    /// Makes opening `chip` fail as it does for a user outside the gpio group.
    public func denyAccess(to chip: String) {
        state.withLock { _ = $0.deniedChips.insert(chip) }
    }

    /// Drives the physical level of a line from outside (as a pull or a relay would);
    /// a requested input gets an edge event stamped with the clock's current time.
    public func drive(chip: String, line: Int, level: Bool) {
        let now = clock.now()
        state.withLock { state in
            guard var lineState = state.lines[chip]?[line], !lineState.isOutput else { return }
            if lineState.level != level, lineState.consumer != nil {
                let logicalRising = (level != lineState.activeLow)
                lineState.pendingEdges.append(GPIOEdgeEvent(edge: logicalRising ? .rising : .falling, timestamp: now))
            }
            lineState.level = level
            state.lines[chip]![line] = lineState
        }
    }

    /// Toggles an input by itself every `period` while it is requested (the sim board's
    /// stand-in for passing vehicles, so `board watch` has something to show).
    public func stimulate(chip: String, line: Int, every period: Duration) {
        state.withLock { $0.lines[chip]?[line].stimulusPeriod = period }
    }

    public func level(chip: String, line: Int) -> Bool {
        state.withLock { $0.lines[chip]?[line].level ?? false }
    }

    public var outputChanges: [OutputChange] { state.withLock { $0.changes } }

    public func consumer(chip: String, line: Int) -> String? {
        state.withLock { $0.lines[chip]?[line].consumer }
    }
}

final class SimulatedChip: GPIOChip, Sendable {
    let gpio: SimulatedGPIO
    let spec: SimulatedGPIO.ChipSpec
    var name: String { spec.name }
    var label: String { spec.label }
    var lineCount: Int { spec.lineCount }

    init(gpio: SimulatedGPIO, spec: SimulatedGPIO.ChipSpec) {
        self.gpio = gpio
        self.spec = spec
    }

    func lineInfo(_ offset: Int) throws(GPIOError) -> GPIOLineInfo {
        try checkOffset(offset)
        let line = gpio.state.withLock { $0.lines[name]![offset] }
        return GPIOLineInfo(offset: offset, name: nil, consumer: line.consumer, isUsed: line.consumer != nil,
                            isOutput: line.isOutput, activeLow: line.activeLow)
    }

    private func claim(_ offset: Int, settings: GPIOLineSettings, output: Bool, initiallyActive: Bool) throws(GPIOError) {
        try checkOffset(offset)
        let now = gpio.clock.now()
        let holder: String?? = gpio.state.withLock { state in
            var line = state.lines[name]![offset]
            if let consumer = line.consumer { return .some(consumer) }
            line.consumer = settings.consumer
            line.activeLow = settings.activeLow
            line.isOutput = output
            line.pendingEdges = []
            if output {
                line.level = initiallyActive != settings.activeLow
                state.changes.append(.init(chip: name, line: offset, active: initiallyActive, at: now))
            } else {
                switch settings.bias {
                case .pullUp: line.level = true
                case .pullDown: line.level = false
                case .asIs, .disabled: break
                }
                if let period = line.stimulusPeriod { line.nextStimulus = now + period }
            }
            state.lines[name]![offset] = line
            return .none
        }
        if case .some(let consumer) = holder {
            throw .lineBusy(chip: name, line: offset, consumer: consumer)
        }
    }

    func requestOutput(_ offset: Int, settings: GPIOLineSettings, initiallyActive: Bool) throws(GPIOError) -> any GPIOOutputLine {
        try claim(offset, settings: settings, output: true, initiallyActive: initiallyActive)
        return SimulatedOutputLine(chip: self, offset: offset)
    }

    func requestInput(_ offset: Int, settings: GPIOLineSettings) throws(GPIOError) -> any GPIOInputLine {
        try claim(offset, settings: settings, output: false, initiallyActive: false)
        return SimulatedInputLine(chip: self, offset: offset)
    }

    func close() {}

    func release(_ offset: Int) {
        gpio.state.withLock { state in
            state.lines[name]![offset].consumer = nil
            state.lines[name]![offset].isOutput = false
            state.lines[name]![offset].pendingEdges = []
            state.lines[name]![offset].nextStimulus = nil
        }
    }
}

/// A line requested from a `SimulatedChip`: the part shared by simulated outputs and inputs.
final class SimulatedRequestedLine: Sendable {
    let chip: SimulatedChip
    let offset: Int
    private let released = Locked(false)
    var chipName: String { chip.name }

    init(chip: SimulatedChip, offset: Int) {
        self.chip = chip
        self.offset = offset
    }

    func ensureHeld() throws(GPIOError) {
        if released.withLock({ $0 }) { throw .lineReleased(chip: chipName, line: offset) }
    }

    func isActive() throws(GPIOError) -> Bool {
        try ensureHeld()
        return chip.gpio.state.withLock { state in
            let line = state.lines[chipName]![offset]
            return line.level != line.activeLow
        }
    }

    func release() {
        let wasReleased = released.withLock { value in
            defer { value = true }
            return value
        }
        if !wasReleased { chip.release(offset) }
    }
}

final class SimulatedOutputLine: GPIOOutputLine, Sendable {
    private let requested: SimulatedRequestedLine
    var offset: Int { requested.offset }
    var chipName: String { requested.chipName }

    init(chip: SimulatedChip, offset: Int) {
        requested = SimulatedRequestedLine(chip: chip, offset: offset)
    }

    func setActive(_ active: Bool) throws(GPIOError) {
        try requested.ensureHeld()
        let gpio = requested.chip.gpio
        let now = gpio.clock.now()
        gpio.state.withLock { state in
            let activeLow = state.lines[chipName]![offset].activeLow
            state.lines[chipName]![offset].level = active != activeLow
            state.changes.append(.init(chip: chipName, line: offset, active: active, at: now))
        }
    }

    func isActive() throws(GPIOError) -> Bool { try requested.isActive() }

    func release() { requested.release() }

    deinit { release() }
}

final class SimulatedInputLine: GPIOInputLine, Sendable {
    private let requested: SimulatedRequestedLine
    var offset: Int { requested.offset }
    var chipName: String { requested.chipName }

    init(chip: SimulatedChip, offset: Int) {
        requested = SimulatedRequestedLine(chip: chip, offset: offset)
    }

    func isActive() throws(GPIOError) -> Bool { try requested.isActive() }

    func nextEvent(timeout: Duration) throws(GPIOError) -> GPIOEdgeEvent? {
        let gpio = requested.chip.gpio
        let deadline = gpio.clock.now() + timeout
        while true {
            try requested.ensureHeld()
            if let event = popEvent() { return event }
            guard gpio.waitsInRealTime, gpio.clock.now() < deadline else { return nil }
            usleep(2_000)
        }
    }

    private func popEvent() -> GPIOEdgeEvent? {
        let gpio = requested.chip.gpio
        let now = gpio.clock.now()
        var toggle: MonotonicInstant?
        let event: GPIOEdgeEvent? = gpio.state.withLock { state in
            var line = state.lines[chipName]![offset]
            if let next = line.nextStimulus, next <= now, let period = line.stimulusPeriod {
                toggle = next
                line.nextStimulus = next + period
                state.lines[chipName]![offset] = line
            }
            guard !state.lines[chipName]![offset].pendingEdges.isEmpty else { return nil }
            return state.lines[chipName]![offset].pendingEdges.removeFirst()
        }
        if let event { return event }
        if toggle != nil {
            gpio.drive(chip: chipName, line: offset, level: !gpio.level(chip: chipName, line: offset))
            return popEvent()
        }
        return nil
    }

    func release() { requested.release() }

    deinit { release() }
}
