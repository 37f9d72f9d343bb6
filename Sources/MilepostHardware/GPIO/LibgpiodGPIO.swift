import CGPIOD
import MilepostCore
import MilepostSystem
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// GPIO through libgpiod 1.6 (the v1 character-device API, `/dev/gpiochipN`).
public struct LibgpiodProvider: GPIOProvider {
    public init() {}

    public func chips() -> [GPIOChipSummary] {
        var result: [GPIOChipSummary] = []
        for name in Self.chipDeviceNames() {
            guard let chip = gpiod_chip_open_by_name(name) else {
                result.append(GPIOChipSummary(name: name, label: "unreadable: \(Errno(rawValue: errno))", lineCount: 0))
                continue
            }
            result.append(GPIOChipSummary(
                name: String(cString: gpiod_chip_name(chip)),
                label: String(cString: gpiod_chip_label(chip)),
                lineCount: Int(gpiod_chip_num_lines(chip))))
            gpiod_chip_close(chip)
        }
        return result
    }

    public func openChip(_ nameOrLabel: String) throws(GPIOError) -> any GPIOChip {
        let opened = retryingInterrupts { gpiod_chip_open_lookup(nameOrLabel) }
        switch opened {
        case .success(let pointer):
            return LibgpiodChip(pointer)
        case .failure(let error) where error.isPermissionProblem:
            throw .permissionDenied(chip: nameOrLabel, line: nil)
        case .failure(let error) where error == .noSuchFileOrDirectory || error == .operationNotSupportedByDevice || error == .invalidArgument:
            throw .noSuchChip(nameOrLabel, available: chips())
        case .failure(let error):
            // libgpiod's lookup tries name, path, label and number in turn; a non-chip path
            // gives ENOTTY and an unmatched label ENOENT. Anything else is a real failure.
            if error == .inappropriateIOCTLForDevice { throw .noSuchChip(nameOrLabel, available: chips()) }
            throw .system(operation: "open", chip: nameOrLabel, line: nil, error)
        }
    }

    /// `gpiochipN` entries of /dev, in numeric order.
    static func chipDeviceNames() -> [String] {
        guard let dir = opendir("/dev") else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix("gpiochip"), Int(name.dropFirst(8)) != nil { names.append(name) }
        }
        return names.sorted { Int($0.dropFirst(8))! < Int($1.dropFirst(8))! }
    }
}

/// One open chip. libgpiod objects are not thread-safe, so every call on the chip or its
/// lines goes through `lock`.
final class LibgpiodChip: GPIOChip, @unchecked Sendable {  // the libgpiod pointer is used only under `lock`
    private let chip: OpaquePointer
    let lock = Locked<Bool>(false)  // true once closed
    let name: String
    let label: String
    let lineCount: Int

    init(_ chip: OpaquePointer) {
        self.chip = chip
        name = String(cString: gpiod_chip_name(chip))
        label = String(cString: gpiod_chip_label(chip))
        lineCount = Int(gpiod_chip_num_lines(chip))
    }

    deinit { close() }

    func close() {
        lock.withLock { closed in
            if !closed { gpiod_chip_close(chip) }
            closed = true
        }
    }

    private func line(_ offset: Int) throws(GPIOError) -> OpaquePointer {
        try checkOffset(offset)
        switch retryingInterrupts({ gpiod_chip_get_line(chip, UInt32(offset)) }) {
        case .success(let line): return line
        case .failure(let error): throw .system(operation: "get line", chip: name, line: offset, error)
        }
    }

    func lineInfo(_ offset: Int) throws(GPIOError) -> GPIOLineInfo {
        let line = try line(offset)
        return lock.withLock { _ in
            _ = gpiod_line_update(line)
            return GPIOLineInfo(
                offset: offset,
                name: gpiod_line_name(line).map { String(cString: $0) },
                consumer: gpiod_line_consumer(line).map { String(cString: $0) },
                isUsed: gpiod_line_is_used(line),
                isOutput: gpiod_line_direction(line) == Int32(GPIOD_LINE_DIRECTION_OUTPUT),
                activeLow: gpiod_line_active_state(line) == Int32(GPIOD_LINE_ACTIVE_STATE_LOW))
        }
    }

    func requestOutput(_ offset: Int, settings: GPIOLineSettings, initiallyActive: Bool) throws(GPIOError) -> any GPIOOutputLine {
        let line = try request(offset, settings: settings, type: GPIOD_LINE_REQUEST_DIRECTION_OUTPUT, initial: initiallyActive)
        return LibgpiodOutputLine(chip: self, line: line, offset: offset)
    }

    func requestInput(_ offset: Int, settings: GPIOLineSettings) throws(GPIOError) -> any GPIOInputLine {
        let line = try request(offset, settings: settings, type: GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES, initial: false)
        return LibgpiodInputLine(chip: self, line: line, offset: offset)
    }

    private func request(_ offset: Int, settings: GPIOLineSettings, type: Int, initial: Bool) throws(GPIOError) -> OpaquePointer {
        let line = try line(offset)
        var flags: Int32 = 0
        if settings.activeLow { flags |= Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) }
        switch settings.bias {
        case .asIs: break
        case .disabled: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE)
        case .pullUp: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
        case .pullDown: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN)
        }
        let result: Result<Int32, Errno> = lock.withLock { _ in
            if gpiod_line_is_requested(line) { return .failure(.resourceBusy) }
            return settings.consumer.withCString { consumer in
                var config = gpiod_line_request_config(consumer: consumer, request_type: Int32(type), flags: flags)
                return retryingInterrupts { gpiod_line_request(line, &config, initial ? 1 : 0) }
            }
        }
        switch result {
        case .success:
            return line
        case .failure(.resourceBusy):
            if (lock.withLock { _ in gpiod_line_is_requested(line) }) {
                throw .alreadyRequested(chip: name, line: offset)
            }
            throw .lineBusy(chip: name, line: offset, consumer: (try? lineInfo(offset))?.consumer)
        case .failure(let error) where error.isPermissionProblem:
            throw .permissionDenied(chip: name, line: offset)
        case .failure(let error):
            throw .system(operation: "request", chip: name, line: offset, error)
        }
    }
}
