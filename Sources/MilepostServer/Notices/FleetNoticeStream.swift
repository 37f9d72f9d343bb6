import Foundation
import Hummingbird
import MilepostCore
import MilepostHotlist
import ServiceLifecycle

/// Server-Sent Events of every unit's notices, as a unit streams its own: one event per notice,
/// its id the server's notice number, so a client that reconnects with `Last-Event-ID` gets
/// exactly what it missed, read back from the database, before live notices resume.
struct FleetNoticeStream: Sendable {
    let notices: FleetNoticeStore
    let feed: FleetNoticeFeed
    let clock: any WallClock
    let heartbeatMillis: Int64
    /// How many recent notices a client without `Last-Event-ID` gets first.
    let initialBacklog: Int64

    static func event(_ notice: FleetNotice) throws -> String {
        let json = String(decoding: try NoticeOutbox.encoder.encode(notice), as: UTF8.self)
        return "id: \(notice.sequence)\nevent: notice\ndata: \(json)\n\n"
    }

    private enum Item: Sendable {
        case stored
        case heartbeat
    }

    func body(lastEventID: Int64?) async throws -> ResponseBody {
        // Subscribed before the replay starts, so nothing stored in between is missed.
        let live = feed.subscribe()
        let start: Int64
        if let lastEventID {
            start = lastEventID
        } else {
            start = max(0, try await notices.lastSequence() - initialBacklog)
        }
        return ResponseBody { [notices, clock, heartbeatMillis, start] writer in
            var sent = start
            // Everything stored after `sent`, from the database. A published notice only says
            // "look again": publications can overtake one another, the numbering cannot.
            func sendStored() async throws {
                while true {
                    let batch = try await notices.notices(after: sent, limit: 200)
                    if batch.isEmpty { return }
                    for notice in batch {
                        try await writer.write(ByteBuffer(string: try Self.event(notice)))
                        sent = notice.sequence
                    }
                }
            }
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            try await sendStored()
            let (items, continuation) = AsyncStream<Item>.makeStream()
            // An open stream would otherwise hold the server's graceful shutdown forever: on
            // shutdown the stream ends, and the client resumes from its last event id.
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await _ in live { continuation.yield(.stored) }
                        continuation.finish()
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await clock.sleep(until: UTCTime(millisecondsSinceEpoch: clock.now().millisecondsSinceEpoch + heartbeatMillis))
                            continuation.yield(.heartbeat)
                        }
                    }
                    defer { group.cancelAll() }
                    for await item in items {
                        switch item {
                        case .stored: try await sendStored()
                        case .heartbeat: try await writer.write(ByteBuffer(string: ": keepalive\n\n"))
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
