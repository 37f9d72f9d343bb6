import Foundation
import Logging
import MilepostHardware

/// Presence events from the board's presence input (loop detector or radar relay). Waiting
/// for an edge blocks in the kernel, so it runs on a thread of its own, never on the
/// cooperative pool.
public struct GPIOPresenceSource: PresenceSource {
    let line: any GPIOInputLine
    let logger: Logger

    public init(line: any GPIOInputLine, logger: Logger) {
        self.line = line
        self.logger = logger
    }

    public func events() -> AsyncStream<PresenceEvent> {
        let (stream, continuation) = AsyncStream<PresenceEvent>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let thread = Thread { [line, logger] in
            while !stop.isSet {
                do {
                    guard let event = try line.nextEvent(timeout: .milliseconds(200)) else { continue }
                    if event.edge == .rising {
                        continuation.yield(PresenceEvent(timestampNanoseconds: UInt64(max(0, event.timestamp.nanoseconds))))
                    }
                } catch {
                    // The unit released its lines while this thread waited: it is stopping.
                    if stop.isSet { break }
                    logger.error("presence input failed; retrying in 1 s", metadata: ["error": "\(error)"])
                    Thread.sleep(forTimeInterval: 1)
                }
            }
            continuation.finish()
        }
        thread.name = "milepost-presence"
        thread.start()
        return stream
    }
}

/// Set once from any thread, read from the presence thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
