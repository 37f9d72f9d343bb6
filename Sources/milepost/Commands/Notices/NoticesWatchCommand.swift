import ArgumentParser
import AsyncHTTPClient
import Foundation
import MilepostHotlist
import MilepostSystem

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
            let text = try String(decoding: DiskFileSystem().readWholeFile(tokenFile), as: UTF8.self)
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let environment = ProcessInfo.processInfo.environment["MILEPOST_TOKEN"] { return environment }
        throw ValidationError("give the officer token with --token, --token-file or MILEPOST_TOKEN")
    }

    func run() async throws {
        let token = try resolvedToken()
        let output = try NoticeWatchOutput(directory: images, fileSystem: DiskFileSystem())
        let watcher = NoticeWatcher(unit: unit, token: token)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await watcher.watch(client: client, after: output.lastSaved(), count: count, status: printToStandardError) { stored in
                print(try output.save(stored))
                fflush(nil)  // every output stream; Swift 6 will not read the C global `stdout`
            }
            try await client.shutdown()
        } catch let refused as NoticeWatcher.TokenRefused {
            try? await client.shutdown()
            printToStandardError("\(refused)")
            throw ExitCode(77)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
