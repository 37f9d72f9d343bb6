import CGPIOD
import MilepostCore
import MilepostSystem
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// One line requested from a `LibgpiodChip`, shared by the output and input line types: every
/// libgpiod call on it runs under the chip's lock and fails cleanly once the line is released.
final class LibgpiodRequestedLine: @unchecked Sendable {  // the line pointer and `released` are used only under the chip's lock
    let chip: LibgpiodChip
    let offset: Int
    private let line: OpaquePointer
    private var released = false  // guarded by chip.lock

    init(chip: LibgpiodChip, line: OpaquePointer, offset: Int) {
        self.chip = chip
        self.line = line
        self.offset = offset
    }

    var chipName: String { chip.name }

    var isReleased: Bool { chip.lock.withLock { _ in released } }

    /// Runs one libgpiod call on the line, retrying EINTR and mapping failure to `GPIOError`.
    func call(_ operation: String, _ body: (OpaquePointer) -> Int32) throws(GPIOError) -> Int32 {
        let result: Result<Int32, Errno> = chip.lock.withLock { _ in
            if released { return .failure(.invalidArgument) }
            return retryingInterrupts { body(line) }
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            if isReleased { throw .lineReleased(chip: chipName, line: offset) }
            throw .system(operation: operation, chip: chipName, line: offset, error)
        }
    }

    func readValue() throws(GPIOError) -> Bool {
        try call("get value") { gpiod_line_get_value($0) } == 1
    }

    func release() {
        chip.lock.withLock { _ in
            if !released { gpiod_line_release(line) }
            released = true
        }
    }
}
