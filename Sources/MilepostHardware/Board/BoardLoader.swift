import Foundation

/// Finds, parses and validates board files.
public struct BoardLoader: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// Board names (file names without `.json`) in the directory, sorted.
    public func availableBoards() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func load(_ name: String) throws(BoardError) -> BoardFile {
        let path = (directory as NSString).appendingPathComponent("\(name).json")
        guard !name.contains("/"), FileManager.default.fileExists(atPath: path) else {
            throw .unknownBoard(name, directory: directory, available: availableBoards())
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: "\(error.localizedDescription)")
        }
        let board = try Self.parse(data, file: path)
        guard board.name == name else {
            throw .invalidField(file: path, field: "name", reason: "is '\(board.name)' but the file is named '\(name).json'")
        }
        return board
    }

    /// Parses and validates one board file's contents. `file` is used in error messages.
    public static func parse(_ data: Data, file: String) throws(BoardError) -> BoardFile {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw .malformedJSON(file: file, reason: underlying ?? context.debugDescription)
        } catch {
            throw .malformedJSON(file: file, reason: "\(error)")
        }
        let fail = { (field: String, reason: String) in BoardError.invalidField(file: file, field: field, reason: reason) }
        var root = try JSONObjectReader(document, path: "", fail: fail)
        let board = BoardFile(
            name: try root.string("name"),
            description: try root.optionalString("description") ?? "",
            gpio: try parseGPIO(try root.object("gpio")),
            irProtection: try parseIRProtection(try root.object("irProtection")),
            sequencer: try parseSequencer(try root.object("sequencer")),
            camera: try parseCamera(try root.object("camera")))
        try root.rejectUnknownKeys()
        try validate(board, fail: fail)
        return board
    }

    private static func parseLine(_ value: JSONValue, path: String, fail: @escaping (String, String) -> BoardError) throws(BoardError) -> LineSpec {
        var reader = try JSONObjectReader(value, path: path, fail: fail)
        let chip = try reader.string("chip")
        let line = try reader.int("line", in: BoardLimits.lineOffset)
        let activeLow = try reader.bool("activeLow", default: false)
        let bias = try reader.oneOf(try reader.optionalString("bias") ?? "as-is", "bias", as: GPIOBias.self)
        try reader.rejectUnknownKeys()
        return LineSpec(chip: chip, line: line, activeLow: activeLow, bias: bias)
    }

    private static func parseGPIO(_ reader: JSONObjectReader) throws(BoardError) -> GPIOSection {
        var reader = reader
        let fail = reader.fail
        var simulated: SimulatedChipSpec?
        if var chip = try reader.optionalObject("simulatedChip") {
            simulated = SimulatedChipSpec(
                name: try chip.string("name"), label: try chip.string("label"),
                lines: try chip.int("lines", in: BoardLimits.simulatedLineCount),
                presencePeriodMs: try chip.optionalInt("presencePeriodMs", in: BoardLimits.presencePeriodMs))
            try chip.rejectUnknownKeys()
        }
        let trigger = try parseLine(try reader.required("trigger"), path: reader.fieldPath("trigger"), fail: fail)
        var ir: [LineSpec] = []
        switch try reader.required("ir") {
        case .array(let items):
            guard !items.isEmpty else { throw fail(reader.fieldPath("ir"), "needs at least one IR line") }
            for (index, item) in items.enumerated() {
                ir.append(try parseLine(item, path: reader.fieldPath("ir[\(index)]"), fail: fail))
            }
        case let single:
            ir = [try parseLine(single, path: reader.fieldPath("ir"), fail: fail)]
        }
        let presence = try parseLine(try reader.required("presence"), path: reader.fieldPath("presence"), fail: fail)
        let tamper = try reader.optional("tamper").map { (value) throws(BoardError) in
            try parseLine(value, path: reader.fieldPath("tamper"), fail: fail)
        }
        try reader.rejectUnknownKeys()
        return GPIOSection(simulatedChip: simulated, trigger: trigger, ir: ir, presence: presence, tamper: tamper)
    }

    private static func parseIRProtection(_ reader: JSONObjectReader) throws(BoardError) -> IRProtection {
        var reader = reader
        let protection = IRProtection(
            maxDutyCycle: try reader.double("maxDutyCycle", in: BoardLimits.maxDutyCycle),
            windowMs: try reader.int("windowMs", in: BoardLimits.dutyWindowMs),
            maxDelayMs: try reader.optionalInt("maxDelayMs", in: BoardLimits.maxDelayMs) ?? 0)
        try reader.rejectUnknownKeys()
        return protection
    }

    private static func parseSequencer(_ reader: JSONObjectReader) throws(BoardError) -> SequencerTimings {
        var reader = reader
        let timings = SequencerTimings(
            irLeadUs: try reader.int("irLeadUs", in: BoardLimits.irLeadUs),
            triggerWidthUs: try reader.int("triggerWidthUs", in: BoardLimits.triggerWidthUs),
            exposureUs: try reader.int("exposureUs", in: BoardLimits.exposureUs))
        try reader.rejectUnknownKeys()
        return timings
    }

    private static func parseCamera(_ reader: JSONObjectReader) throws(BoardError) -> CameraSpec {
        var reader = reader
        let source = try reader.oneOf(try reader.string("source"), "source", as: CameraSpec.Source.self)
        let camera = CameraSpec(
            source: source,
            device: try reader.optionalString("device"),
            folder: try reader.optionalString("folder"),
            format: try reader.oneOf(try reader.string("format"), "format", as: PixelFormat.self),
            width: try reader.int("width", in: BoardLimits.frameWidth),
            height: try reader.int("height", in: BoardLimits.frameHeight),
            fps: try reader.int("fps", in: BoardLimits.framesPerSecond),
            exposure: try reader.optionalInt("exposure", in: BoardLimits.cameraExposure),
            gain: try reader.optionalInt("gain", in: BoardLimits.cameraGain),
            passFrames: try reader.optionalInt("passFrames", in: BoardLimits.passFrames))
        if camera.passFrames != nil, source != .replay { throw reader.fail(reader.fieldPath("passFrames"), "is only for a replay camera") }
        if source == .v4l2, camera.device == nil { throw reader.fail(reader.fieldPath("device"), "is missing (needed when source is 'v4l2')") }
        if source == .replay, camera.folder == nil { throw reader.fail(reader.fieldPath("folder"), "is missing (needed when source is 'replay')") }
        try reader.rejectUnknownKeys()
        return camera
    }

    /// Rules that span fields.
    private static func validate(_ board: BoardFile, fail: (String, String) -> BoardError) throws(BoardError) {
        var seen: [String: String] = [:]
        for (role, line) in board.gpio.rolesAndLines {
            let key = "\(line.chip)#\(line.line)"
            if let other = seen[key] {
                throw fail("gpio.\(role)", "uses \(line.chip) line \(line.line), which gpio.\(other) already uses")
            }
            seen[key] = role
        }
        if let sim = board.gpio.simulatedChip {
            for (role, line) in board.gpio.rolesAndLines {
                guard line.chip == sim.name || line.chip == sim.label else {
                    throw fail("gpio.\(role).chip", "is '\(line.chip)', but the only chip on this board is the simulated '\(sim.name)' [\(sim.label)]")
                }
                guard line.line < sim.lines else {
                    throw fail("gpio.\(role).line", "is \(line.line), but the simulated chip has lines 0...\(sim.lines - 1)")
                }
            }
        }
        let onTime = board.sequencer.irOnTime
        let budget = board.irProtection.budget
        if onTime > budget {
            throw fail("sequencer", "one cycle keeps IR on for \(onTime.milliseconds) ms, more than the duty budget of \(budget.milliseconds) ms per \(board.irProtection.windowMs) ms window")
        }
    }
}
