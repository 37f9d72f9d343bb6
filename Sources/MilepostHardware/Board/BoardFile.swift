/// A board file: where the unit's lines are, how they behave, and the timings that are
/// safe for its IR illuminator and camera. One JSON file per board in `Board/`; the format
/// is described in docs/installer-guide.md.
public struct BoardFile: Equatable, Sendable {
    public var name: String
    public var description: String
    public var gpio: GPIOSection
    public var irProtection: IRProtection
    public var sequencer: SequencerTimings
    public var camera: CameraSpec

    public init(name: String, description: String, gpio: GPIOSection, irProtection: IRProtection,
                sequencer: SequencerTimings, camera: CameraSpec) {
        self.name = name
        self.description = description
        self.gpio = gpio
        self.irProtection = irProtection
        self.sequencer = sequencer
        self.camera = camera
    }
}

public struct LineSpec: Equatable, Sendable, CustomStringConvertible {
    /// Chip name (`gpiochip0`), label (`pinctrl-bcm2711`) or path.
    public var chip: String
    public var line: Int
    public var activeLow: Bool
    public var bias: GPIOBias

    public init(chip: String, line: Int, activeLow: Bool = false, bias: GPIOBias = .asIs) {
        self.chip = chip
        self.line = line
        self.activeLow = activeLow
        self.bias = bias
    }

    public var description: String { "\(chip) line \(line)" + (activeLow ? " (active-low)" : "") }
}

public struct GPIOSection: Equatable, Sendable {
    /// Present only on the `sim` board: the in-process chip that stands in for hardware.
    public var simulatedChip: SimulatedChipSpec?
    public var trigger: LineSpec
    /// One or more IR illuminator channels, switched together.
    public var ir: [LineSpec]
    public var presence: LineSpec
    public var tamper: LineSpec?

    public init(simulatedChip: SimulatedChipSpec? = nil, trigger: LineSpec, ir: [LineSpec], presence: LineSpec, tamper: LineSpec?) {
        self.simulatedChip = simulatedChip
        self.trigger = trigger
        self.ir = ir
        self.presence = presence
        self.tamper = tamper
    }

    /// Every line with its role, for checks and listings.
    public var rolesAndLines: [(role: String, line: LineSpec)] {
        var all: [(String, LineSpec)] = [("trigger", trigger)]
        for (index, line) in ir.enumerated() { all.append((ir.count == 1 ? "ir" : "ir[\(index)]", line)) }
        all.append(("presence", presence))
        if let tamper { all.append(("tamper", tamper)) }
        return all
    }
}

public struct SimulatedChipSpec: Equatable, Sendable {
    public var name: String
    public var label: String
    public var lines: Int
    /// The presence input toggles by itself at this period, for demos; nil: it never does.
    public var presencePeriodMs: Int?
}

/// Thermal protection for the IR illuminator: the fraction of any sliding window during
/// which IR may be on, and how long a cycle may be delayed before it is skipped.
public struct IRProtection: Equatable, Sendable {
    public var maxDutyCycle: Double
    public var windowMs: Int
    public var maxDelayMs: Int

    public var window: Duration { .milliseconds(windowMs) }
    public var maxDelay: Duration { .milliseconds(maxDelayMs) }
    public var budget: Duration { .nanoseconds(Int64(Double(window.totalNanoseconds) * maxDutyCycle)) }
}

/// A capture cycle: IR on, wait `irLead`, trigger pulse of `triggerWidth`, IR off
/// `exposure` after the trigger's rising edge.
public struct SequencerTimings: Equatable, Sendable {
    public var irLeadUs: Int
    public var triggerWidthUs: Int
    public var exposureUs: Int

    public init(irLeadUs: Int, triggerWidthUs: Int, exposureUs: Int) {
        self.irLeadUs = irLeadUs
        self.triggerWidthUs = triggerWidthUs
        self.exposureUs = exposureUs
    }

    public var irLead: Duration { .microseconds(irLeadUs) }
    public var triggerWidth: Duration { .microseconds(triggerWidthUs) }
    public var exposure: Duration { .microseconds(exposureUs) }
    /// How long IR is on in one cycle.
    public var irOnTime: Duration { irLead + exposure }
}

public enum PixelFormat: String, Equatable, Sendable, CaseIterable {
    case grey = "GREY"
    case yuyv = "YUYV"
    case mjpeg = "MJPG"

    /// The V4L2 fourcc code.
    public var fourcc: UInt32 { FourCC(rawValue).code }
}

public struct CameraSpec: Equatable, Sendable {
    public enum Source: String, Equatable, Sendable, CaseIterable {
        /// A V4L2 device.
        case v4l2
        /// A folder of JPEG frames played at `fps`.
        case replay
        /// A generated test pattern (no files, no devices).
        case pattern
    }

    public var source: Source
    public var device: String?
    public var folder: String?
    public var format: PixelFormat
    public var width: Int
    public var height: Int
    public var fps: Int
    /// V4L2 exposure (V4L2_CID_EXPOSURE_ABSOLUTE, 100 µs units); nil leaves the driver's.
    public var exposure: Int?
    public var gain: Int?
    /// Replay only: each photograph is a vehicle pass of this many approaching frames.
    public var passFrames: Int?
}

/// A V4L2 four-character code.
public struct FourCC: Equatable, Sendable, CustomStringConvertible {
    public var code: UInt32

    public init(code: UInt32) { self.code = code }

    public init(_ text: String) {
        var code: UInt32 = 0
        for (index, byte) in text.utf8.prefix(4).enumerated() { code |= UInt32(byte) << (8 * UInt32(index)) }
        self.code = code
    }

    public var description: String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: code >> (8 * UInt32($0))) }
        return String(decoding: bytes.map { (32...126).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            .trimmingTrailingSpaces()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
