import CGPIOD

final class LibgpiodOutputLine: GPIOOutputLine, Sendable {
    private let requested: LibgpiodRequestedLine
    var offset: Int { requested.offset }
    var chipName: String { requested.chipName }

    init(chip: LibgpiodChip, line: OpaquePointer, offset: Int) {
        requested = LibgpiodRequestedLine(chip: chip, line: line, offset: offset)
    }

    deinit { release() }

    func setActive(_ active: Bool) throws(GPIOError) {
        _ = try requested.call("set value") { gpiod_line_set_value($0, active ? 1 : 0) }
    }

    func isActive() throws(GPIOError) -> Bool { try requested.readValue() }

    func release() { requested.release() }
}
