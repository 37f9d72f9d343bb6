import AsyncHTTPClient
import Foundation
import NIOCore

/// The officer terminal client's connection to a unit's notice stream (`milepost notices
/// watch`): sends the token only in the Authorization header, hands over each notice in
/// order, and after a dropped connection reconnects with `Last-Event-ID` so nothing is
/// missed and nothing is repeated.
public struct NoticeWatcher: Sendable {
    public let unit: String
    public let token: String
    /// First wait before reconnecting; doubles on each failure up to `maximumRetryDelay`.
    public let retryDelay: Duration
    public let maximumRetryDelay: Duration

    public struct TokenRefused: Error, CustomStringConvertible {
        public var description: String { "the unit refused the token" }
    }

    public init(unit: String, token: String, retryDelay: Duration = .seconds(1), maximumRetryDelay: Duration = .seconds(30)) {
        self.unit = unit.hasSuffix("/") ? String(unit.dropLast()) : unit
        self.token = token
        self.retryDelay = retryDelay
        self.maximumRetryDelay = maximumRetryDelay
    }

    /// Watches until `count` notices have been handled (forever when nil) or the task is
    /// cancelled. `handle` is called once per notice, in sequence order; `status` gets
    /// connection messages for the officer.
    public func watch(
        client: HTTPClient, after lastEventID: UInt64?, count: Int? = nil,
        status: (String) -> Void = { _ in }, handle: (StoredNotice) async throws -> Void
    ) async throws {
        var lastEventID = lastEventID
        var received = 0
        var delay = retryDelay
        while count.map({ received < $0 }) ?? true {
            try Task.checkCancellation()
            do {
                var request = HTTPClientRequest(url: unit + "/api/notices/stream")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "Accept", value: "text/event-stream")
                if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
                let response = try await client.execute(request, timeout: .seconds(30))
                if response.status == .unauthorized { throw TokenRefused() }
                guard response.status == .ok else { throw StreamError(description: "HTTP \(response.status.code)") }
                status("connected to \(unit)" + (lastEventID.map { ", resuming after notice \($0)" } ?? ""))
                delay = retryDelay
                var parser = SSEParser()
                for try await chunk in response.body {
                    for event in parser.feed(chunk.readableBytesView) {
                        let stored: StoredNotice
                        do {
                            stored = try JSONDecoder().decode(StoredNotice.self, from: Data(event.utf8))
                        } catch {
                            // Reconnecting would resume at this same event forever: report it and go on.
                            status("a notice in the stream could not be read and was skipped (\(error))")
                            continue
                        }
                        if let last = lastEventID, stored.sequence <= last { continue }
                        try await handle(stored)
                        lastEventID = stored.sequence
                        received += 1
                        if let count, received >= count { return }
                    }
                }
                status("stream ended; reconnecting")
            } catch let refused as TokenRefused {
                throw refused
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                status("connection lost (\(error)); retrying in \(delay)")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, maximumRetryDelay)
            }
        }
    }

    struct StreamError: Error, CustomStringConvertible {
        let description: String
    }
}

/// Splits a Server-Sent Events byte stream into the data of each complete event; comments
/// (heartbeats) and partial events are held back. It buffers bytes, not text: network chunks
/// split anywhere, including inside a multi-byte character of a notice's reason or site.
struct SSEParser {
    private var buffer: [UInt8] = []

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        buffer.append(contentsOf: bytes)
        var events: [String] = []
        var start = 0
        var index = 0
        while index + 1 < buffer.count {
            guard buffer[index] == 0x0A, buffer[index + 1] == 0x0A else {
                index += 1
                continue
            }
            let block = String(decoding: buffer[start..<index], as: UTF8.self)
            let data = block.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }.joined(separator: "\n")
            if !data.isEmpty { events.append(data) }
            index += 2
            start = index
        }
        buffer.removeFirst(start)
        return events
    }
}
