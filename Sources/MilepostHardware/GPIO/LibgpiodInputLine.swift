import CGPIOD
import MilepostSystem
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

final class LibgpiodInputLine: GPIOInputLine, Sendable {
    private let requested: LibgpiodRequestedLine
    private let eventFD: Int32
    var offset: Int { requested.offset }
    var chipName: String { requested.chipName }

    init(chip: LibgpiodChip, line: OpaquePointer, offset: Int) {
        requested = LibgpiodRequestedLine(chip: chip, line: line, offset: offset)
        eventFD = gpiod_line_event_get_fd(line)
    }

    deinit { release() }

    func isActive() throws(GPIOError) -> Bool { try requested.readValue() }

    /// Waits with poll(2) on the event fd without holding the chip lock, so outputs on the
    /// same chip can be driven while an input waits.
    func nextEvent(timeout: Duration) throws(GPIOError) -> GPIOEdgeEvent? {
        if requested.isReleased { throw .lineReleased(chip: chipName, line: offset) }
        let millis = Int32(clamping: max(0, timeout.totalNanoseconds / 1_000_000))
        var pfd = pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0)
        switch retryingInterrupts({ poll(&pfd, 1, millis) }) {
        case .failure(let error):
            throw .system(operation: "wait for edge", chip: chipName, line: offset, error)
        case .success(0):
            return nil
        case .success:
            break
        }
        var event = gpiod_line_event()
        _ = try requested.call("read edge") { gpiod_line_event_read($0, &event) }
        let edge: GPIOEdge = event.event_type == Int32(GPIOD_LINE_EVENT_RISING_EDGE) ? .rising : .falling
        return GPIOEdgeEvent(edge: edge, timestamp: MonotonicInstant(timespec: event.ts))
    }

    func release() { requested.release() }
}
