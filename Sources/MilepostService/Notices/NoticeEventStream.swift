import Foundation
import Hummingbird
import MilepostCore
import MilepostHotlist
import ServiceLifecycle
import MilepostSystem

/// Server-Sent Events for officer clients. Each notice is one event whose id is its outbox
/// sequence, so a client that reconnects with `Last-Event-ID` gets exactly what it missed,
/// read back from the durable outbox, before live notices resume.
struct NoticeEventStream: Sendable {
    let outbox: NoticeOutbox
    let clock: any WallClock
    let heartbeatMillis: Int64
    /// How many recent notices a client without `Last-Event-ID` gets first.
    let initialBacklog: UInt64
    /// Where the replay from the outbox reads its files.
    let queue: SerialLane

    static func event(_ stored: StoredNotice) throws -> String {
        let json = String(decoding: try NoticeOutbox.encoder.encode(stored), as: UTF8.self)
        return "id: \(stored.sequence)\nevent: notice\ndata: \(json)\n\n"
    }

    private enum Item: Sendable {
        case notice(StoredNotice)
        case heartbeat
    }

    func body(lastEventID: UInt64?) -> ResponseBody {
        // Subscribe before replaying so nothing committed in between is missed; duplicates
        // are skipped by sequence.
        let live = outbox.subscribe()
        let start = lastEventID ?? outbox.lastSequence.subtractingClamped(initialBacklog)
        return ResponseBody { writer in
            var sent = start
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            while true {
                let after = sent
                let batch = try await queue.run { [outbox] in try outbox.notices(after: after, limit: 200) }
                if batch.isEmpty { break }
                for stored in batch {
                    try await writer.write(ByteBuffer(string: try Self.event(stored)))
                    sent = stored.sequence
                }
            }
            let (items, continuation) = AsyncStream<Item>.makeStream()
            // An open stream would otherwise hold the server's graceful shutdown forever:
            // on shutdown the stream ends, and the client resumes from its last event id.
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await stored in live { continuation.yield(.notice(stored)) }
                        continuation.finish()
                    }
                    group.addTask { [clock, heartbeatMillis] in
                        while !Task.isCancelled {
                            try await clock.sleep(until: UTCTime(millisecondsSinceEpoch: clock.now().millisecondsSinceEpoch + heartbeatMillis))
                            continuation.yield(.heartbeat)
                        }
                    }
                    defer { group.cancelAll() }
                    for await item in items {
                        switch item {
                        case .notice(let stored) where stored.sequence > sent:
                            try await writer.write(ByteBuffer(string: try Self.event(stored)))
                            sent = stored.sequence
                        case .notice:
                            continue
                        case .heartbeat:
                            try await writer.write(ByteBuffer(string: ": keepalive\n\n"))
                        }
                    }
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            try await writer.finish(nil)
        }
    }
}

extension UInt64 {
    func subtractingClamped(_ other: UInt64) -> UInt64 { self > other ? self - other : 0 }
}
