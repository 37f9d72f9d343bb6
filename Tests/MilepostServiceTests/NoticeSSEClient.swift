import AsyncHTTPClient
import Foundation
import NIOCore

/// A minimal Server-Sent Events client for tests, over AsyncHTTPClient.
enum SSE {
    struct Event: Equatable {
        var id: String
        var data: String
    }

    /// Complete events in `text` (blocks ending in a blank line); comments are skipped.
    static func parse(_ text: String) -> [Event] {
        var events: [Event] = []
        for block in text.components(separatedBy: "\n\n") {
            var id = "", data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            if !data.isEmpty { events.append(Event(id: id, data: data)) }
        }
        return events
    }

    /// Opens the stream and returns once `count` events have arrived; `progress` is called
    /// with the number received so far after each chunk.
    static func collect(url: String, headers: [String: String], count: Int, progress: (Int) throws -> Void = { _ in }) async throws -> [Event] {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let events = try await collect(client: client, url: url, headers: headers, count: count, progress: progress)
            try await client.shutdown()
            return events
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func collect(client: HTTPClient, url: String, headers: [String: String], count: Int, progress: (Int) throws -> Void) async throws -> [Event] {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(10))
        var text = ""
        var reported = -1
        for try await chunk in response.body {
            text += String(buffer: chunk)
            let complete = text.range(of: "\n\n", options: .backwards).map { String(text[..<$0.upperBound]) } ?? ""
            let events = parse(complete)
            if events.count >= count { return Array(events.prefix(count)) }
            if events.count != reported {
                reported = events.count
                try progress(events.count)
            }
        }
        return parse(text)
    }
}
