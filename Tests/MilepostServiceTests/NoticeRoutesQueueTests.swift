import Foundation
import Hummingbird
import HummingbirdTesting
import MilepostHotlist
import MilepostCore
import MilepostTesting
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

/// The officer routes read and write notice and disposition files on the notices queue,
/// never on the cooperative pool that serves HTTP.
@Suite struct NoticeRoutesQueueTests {
    @Test func aDispositionIsWrittenAndNoticesAreReadOnTheNoticesQueue() async throws {
        let queue = SerialLane(label: "test.notices", pool: .forTests)
        let files = QueueCheckingFileSystem(queue: queue)
        let clock = ManualWallClock()
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let dispositions = try DispositionStore(directory: "/o/dispositions", fileSystem: files)
        try outbox.commit(makeNotice("n-1"))
        let tokens = try OfficerTokens(fileContents: OfficerTokens.line(officer: "badge-311", token: NoticeHarness.token) + "\n")
        let router = Router()
        NoticeRoutes(outbox: outbox, dispositions: dispositions, tokens: tokens, audit: RecordingNoticeAudit(), clock: clock,
                     queue: queue).add(to: router)
        files.forget()
        try await Application(router: router).test(.router) { client in
            var headers = NoticeHarness.auth
            headers[.contentType] = "application/json"
            try await client.execute(uri: "/api/notices/1/disposition", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"disposition":"misread"}"#)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/notices/1/dispositions", method: .get, headers: NoticeHarness.auth) { response in
                #expect(String(buffer: response.body).contains("\"misread\""))
            }
            try await client.execute(uri: "/api/notices/1", method: .get, headers: NoticeHarness.auth) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/notices/2", method: .get, headers: NoticeHarness.auth) { response in
                #expect(response.status == .notFound, "an unknown notice is still a 404 when looked up on the queue")
            }
        }
        #expect(files.operations.contains { $0.name == "sync" }, "the disposition was written durably")
        #expect(files.operations.contains { $0.name == "rename" && $0.path == "/o/dispositions/1.json" })
        #expect(files.offQueue.isEmpty, "every file operation of the routes ran on the notices queue: \(files.offQueue)")
        #expect(try dispositions.records(for: 1).map(\.disposition) == [.misread])
    }

    @Test func aStreamReplaysFromTheOutboxOnTheNoticesQueue() async throws {
        let queue = SerialLane(label: "test.notices", pool: .forTests)
        let files = QueueCheckingFileSystem(queue: queue)
        let clock = ManualWallClock()
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        try outbox.commit(makeNotice("n-1"))
        try outbox.commit(makeNotice("n-2"))
        files.forget()
        let stream = NoticeEventStream(outbox: outbox, clock: clock, heartbeatMillis: 15_000, initialBacklog: 50, queue: queue)
        let collected = CollectingWriter()
        let replay = Task { try await stream.body(lastEventID: 0).write(collected) }
        for _ in 0..<20_000 {
            guard !collected.text.contains("id: 2\n") else { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        replay.cancel()
        _ = try? await replay.value
        #expect(collected.text.contains("\"id\":\"n-1\""))
        #expect(files.operations.contains { $0.name == "read" }, "the replay read notice files")
        #expect(files.offQueue.isEmpty, "the replay's reads ran on the notices queue: \(files.offQueue)")
    }
}

/// A response body writer that keeps what was written, for reading a body without a server.
final class CollectingWriter: ResponseBodyWriter, Sendable {
    private let written = Locked("")
    var text: String { written.withLock { $0 } }

    func write(_ buffer: ByteBuffer) async throws { written.withLock { $0 += String(buffer: buffer) } }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
