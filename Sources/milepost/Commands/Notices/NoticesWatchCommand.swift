import ArgumentParser
import AsyncHTTPClient
import Foundation
import MilepostHotlist
import NIOCore

struct NoticesWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print hit notices from a unit as they arrive and save their images.",
        discussion: """
            Connects to the unit's notice stream with the officer's token (sent only in the \
            Authorization header), reconnects after a dropped connection and resumes from the \
            last notice received, so none is missed. Every notice is UNCONFIRMED until the \
            plate and state are verified and confirmed with NCIC or dispatch.
            """
    )

    @Option(help: "The unit's base URL, e.g. https://unit-7.example:8443")
    var unit: String

    @Option(help: "Officer token. Prefer --token-file or MILEPOST_TOKEN: command lines are visible to other users.")
    var token: String?

    @Option(help: "File holding the officer token.")
    var tokenFile: String?

    @Option(help: "Directory for notice images (and the last notice id, to resume after a restart).")
    var images = "notices"

    @Option(help: "Stop after this many notices (for scripts).")
    var count: Int?

    func resolvedToken() throws -> String {
        if let token { return token }
        if let tokenFile {
            let text = try String(decoding: POSIXFileSystem().readFile(tokenFile), as: UTF8.self)
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let environment = ProcessInfo.processInfo.environment["MILEPOST_TOKEN"] { return environment }
        throw ValidationError("give the officer token with --token, --token-file or MILEPOST_TOKEN")
    }

    func run() async throws {
        let token = try resolvedToken()
        let files = POSIXFileSystem()
        try files.createDirectory(images)
        let resumeFile = Path.join(images, ".last-event-id")
        let lastEventID = (try? files.readFile(resumeFile)).flatMap { UInt64(String(decoding: $0, as: UTF8.self)) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await watch(client: client, token: token, files: files, resumeFile: resumeFile, lastEventID: lastEventID)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func watch(client: HTTPClient, token: String, files: POSIXFileSystem, resumeFile: String, lastEventID: UInt64?) async throws {
        var lastEventID = lastEventID
        var received = 0
        var delay: UInt64 = 1
        while count.map({ received < $0 }) ?? true {
            do {
                var request = HTTPClientRequest(url: unit.trimmingSuffix("/") + "/api/notices/stream")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
                let response = try await client.execute(request, timeout: .seconds(30))
                if response.status == .unauthorized { reportError("the unit refused the token"); throw ExitCode(77) }
                guard response.status == .ok else { throw WatchError("HTTP \(response.status.code)") }
                reportError("connected to \(unit)" + (lastEventID.map { ", resuming after notice \($0)" } ?? ""))
                delay = 1
                var buffer = ""
                for try await chunk in response.body {
                    buffer += String(buffer: chunk)
                    while let end = buffer.range(of: "\n\n") {
                        let block = String(buffer[..<end.lowerBound])
                        buffer.removeSubrange(..<end.upperBound)
                        guard let data = block.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { continue }
                        let stored = try JSONDecoder().decode(StoredNotice.self, from: Data(data.dropFirst(6).utf8))
                        try show(stored, files: files)
                        lastEventID = stored.sequence
                        try files.writeAtomically(Array(String(stored.sequence).utf8), to: resumeFile)
                        received += 1
                        if let count, received >= count { return }
                    }
                }
                reportError("stream ended; reconnecting")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                reportError("connection lost (\(error)); retrying in \(delay) s")
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 30)
            }
        }
    }

    func show(_ stored: StoredNotice, files: POSIXFileSystem) throws {
        let notice = stored.notice
        let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(notice.capturedAtMillis) / 1000))
        print("=== notice \(stored.sequence) (\(notice.id)) \(time)")
        print("*** \(notice.banner) ***")
        print("plate \(notice.plate)  state \(notice.state ?? "?")  read confidence \(Int(notice.readConfidence * 100))%")
        for hit in notice.hits {
            print("  \(hit.codeTitle) (\(hit.code)) on \(hit.list) v\(hit.listVersion), priority \(hit.priority): \(hit.reason)")
            print("    hotlist plate \(hit.hotlistPlate) \(hit.hotlistState ?? ""), \(hit.match), source \(hit.source)")
        }
        print("  unit \(notice.unit), \(notice.site), \(notice.location.description) (\(notice.location.latitude), \(notice.location.longitude))")
        for (suffix, image) in [("plate", notice.plateCrop), ("context", notice.contextImage)] {
            guard let image else { continue }
            let path = Path.join(images, "\(stored.sequence)-\(suffix).jpg")
            try files.writeAtomically([UInt8](image), to: path)
            print("  \(suffix) image: \(path)")
        }
        fflush(stdout)
    }
}

struct WatchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
