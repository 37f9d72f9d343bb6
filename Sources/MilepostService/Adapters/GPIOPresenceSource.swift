import Foundation
import Logging
import MilepostCore
import MilepostHardware
import MilepostSystem

/// Presence events from the board's presence input (loop detector or radar relay). Waiting
/// for an edge blocks in the kernel, so the wait runs on the blocking pool (it holds one of
/// its threads while the stream is open), never on the cooperative pool.
public struct GPIOPresenceSource: PresenceSource {
    let line: any GPIOInputLine
    let pool: BlockingPool
    let logger: Logger

    public init(line: any GPIOInputLine, pool: BlockingPool, logger: Logger) {
        self.line = line
        self.pool = pool
        self.logger = logger
    }

    public func events() -> AsyncStream<PresenceEvent> {
        let (stream, continuation) = AsyncStream<PresenceEvent>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let stopped = Locked(false)
        continuation.onTermination = { _ in stopped.withLock { $0 = true } }
        Task { [line, pool, logger] in
            do {
                try await pool.run {
                    Self.waitForEdges(on: line, until: { stopped.withLock { $0 } }, into: continuation, logger: logger)
                }
            } catch {
                logger.error("presence input not watched: \(error)")
            }
            continuation.finish()
        }
        return stream
    }

    /// Yields each rising edge until `stopped` says so: blocks, in 200 ms waits.
    private static func waitForEdges(on line: any GPIOInputLine, until stopped: () -> Bool,
                                     into continuation: AsyncStream<PresenceEvent>.Continuation, logger: Logger) {
        while !stopped() {
            do {
                guard let event = try line.nextEvent(timeout: .milliseconds(200)) else { continue }
                if event.edge == .rising {
                    continuation.yield(PresenceEvent(timestampNanoseconds: UInt64(max(0, event.timestamp.nanoseconds))))
                }
            } catch {
                // The unit released its lines while this wait ran: it is stopping.
                if stopped() { break }
                logger.error("presence input failed; retrying in 1 s", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
