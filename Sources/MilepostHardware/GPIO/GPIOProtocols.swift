/// Finds and opens GPIO chips. The real implementation is ``LibgpiodProvider``; tests use
/// ``FakeGPIOProvider``; the `sim` board uses ``SimulatedGPIOProvider``.
public protocol GPIOProvider: Sendable {
    /// The chips that exist, for listings and error messages.
    func chips() -> [GPIOChipSummary]
    /// Opens a chip by name (`gpiochip0`), label (`pinctrl-bcm2711`) or path.
    func openChip(_ nameOrLabel: String) throws(GPIOError) -> any GPIOChip
}

/// An open GPIO chip. Lines requested from it stay valid until released or the chip closes.
public protocol GPIOChip: AnyObject, Sendable {
    var name: String { get }
    var label: String { get }
    var lineCount: Int { get }

    func lineInfo(_ offset: Int) throws(GPIOError) -> GPIOLineInfo
    func requestOutput(_ offset: Int, settings: GPIOLineSettings, initiallyActive: Bool) throws(GPIOError) -> any GPIOOutputLine
    /// Requests an input that reports both edges.
    func requestInput(_ offset: Int, settings: GPIOLineSettings) throws(GPIOError) -> any GPIOInputLine
    func close()
}

public protocol GPIOOutputLine: AnyObject, Sendable {
    var chipName: String { get }
    var offset: Int { get }
    func setActive(_ active: Bool) throws(GPIOError)
    func isActive() throws(GPIOError) -> Bool
    func release()
}

public protocol GPIOInputLine: AnyObject, Sendable {
    var chipName: String { get }
    var offset: Int { get }
    func isActive() throws(GPIOError) -> Bool
    /// Waits up to `timeout` for the next edge; nil when none arrived in time.
    func nextEvent(timeout: Duration) throws(GPIOError) -> GPIOEdgeEvent?
    func release()
}

extension GPIOChip {
    /// Range check shared by every implementation, so the error is the same everywhere.
    func checkOffset(_ offset: Int) throws(GPIOError) {
        guard offset >= 0, offset < lineCount else {
            throw .lineOutOfRange(chip: name, line: offset, lineCount: lineCount)
        }
    }
}
