import Foundation
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostHotlist
import MilepostTesting
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting
import SystemPackage

final class RecordingNoticeAudit: NoticeAuditSink {
    let events = Locked<[NoticeAuditEvent]>([])
    let failing: Bool
    init(failing: Bool = false) { self.failing = failing }
    struct Down: Error {}
    func record(_ event: NoticeAuditEvent) async throws {
        if failing { throw Down() }
        events.withLock { $0.append(event) }
    }
}

func makeNotice(_ id: String, plate: String = "ABC1234") throws -> HitNotice {
    let list = ActiveHotlist(
        settings: ListSettings(name: "ncic", priority: .high), version: 1, importedAt: 0, sourceFile: "f",
        entries: [HotlistEntry(plate: try PlateText(normalizing: plate), state: "MA", code: .amberAlert, reason: "AMBER alert 26-114",
                               entered: 0, expires: nil, source: "MA0140000")])
    let read = PlateRead.sample(try PlateText(normalizing: plate), state: "MA", confidence: 900,
                                at: UTCTime(millisecondsSinceEpoch: 1_795_000_000_000), crop: [0xFF, 0xD8, 0xFF, 0xD9])
    let hits = HotlistMatcher(lists: [list]).match(read, permitted: ["ncic"], at: 0)
    return HitNotice(id: id, hits: hits, capture: CaptureContext(
        site: Site(latitude: 42.2, longitude: -71.9, description: "Route 9 at Main St"),
        contextJPEG: [0xFF, 0xD8, 0xFF, 0xD9]))
}

struct NoticeHarness {
    let files = FaultInjectingFileSystem()
    let outbox: NoticeOutbox
    let dispositions: DispositionStore
    let audit: RecordingNoticeAudit
    let tokens: OfficerTokens
    let clock = ManualWallClock()
    let app: Application<RouterResponder<BasicRequestContext>>

    static let token = "officer-token-0123456789"

    init(auditFails: Bool = false) throws {
        outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        dispositions = try DispositionStore(directory: "/o/dispositions", fileSystem: files)
        audit = RecordingNoticeAudit(failing: auditFails)
        tokens = try OfficerTokens(fileContents: OfficerTokens.line(officer: "badge-311", token: Self.token) + "\n")
        let router = Router()
        NoticeRoutes(outbox: outbox, dispositions: dispositions, tokens: tokens, audit: audit, clock: clock, queue: SerialLane(label: "test.notices", pool: .forTests)).add(to: router)
        app = Application(router: router)
    }

    static var auth: HTTPFields { [.authorization: "Bearer \(token)"] }

    static var jsonAuth: HTTPFields {
        var headers = auth
        headers[.contentType] = "application/json"
        return headers
    }
}

@Suite struct NoticeRoutesTests {
    @Test func everyAPIRouteNeedsABearerTokenAndURLTokensAreIgnored() async throws {
        let harness = try NoticeHarness()
        try harness.outbox.commit(makeNotice("n-1"))
        try await harness.app.test(.router) { client in
            for uri in ["/api/notices/1", "/api/notices/stream", "/api/notices/1/dispositions", "/api/notices/1?token=\(NoticeHarness.token)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            try await client.execute(uri: "/api/notices/1", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/notices/1", method: .get, headers: NoticeHarness.auth) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"id\":\"n-1\""))
            }
        }
    }

    @Test func aDispositionIsAuditedStoredAndAttributedToTheTokensOfficer() async throws {
        let harness = try NoticeHarness()
        try harness.outbox.commit(makeNotice("n-1"))
        try await harness.app.test(.router) { client in
            var headers = NoticeHarness.auth
            headers[.contentType] = "application/json"
            try await client.execute(uri: "/api/notices/1/disposition", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"disposition":"wrong_state","note":"NH plate"}"#)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/notices/1/disposition", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"disposition":"arrested"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("confirmed_hit"))
            }
            try await client.execute(uri: "/api/notices/9/disposition", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"disposition":"misread"}"#)) { response in
                #expect(response.status == .notFound)
            }
        }
        let stored = try harness.dispositions.records(for: 1)
        #expect(stored.map(\.disposition) == [.wrongState])
        #expect(stored.first?.officer == "badge-311")
        #expect(stored.first?.note == "NH plate")
        let audited = harness.audit.events.withLock { $0 }
        #expect(audited.map(\.action) == [.dispositionRecorded])
        #expect(audited.first?.detail == "wrong_state: NH plate")
        #expect(audited.first?.noticeID == "n-1")
    }

    @Test func whenTheAuditLogIsDownTheDispositionIsRefusedAndNotKept() async throws {
        let harness = try NoticeHarness(auditFails: true)
        try harness.outbox.commit(makeNotice("n-1"))
        let earlier = DispositionRecord(sequence: 1, noticeID: "n-1", disposition: .misread, officer: "badge-311", note: "", atMillis: 1)
        try harness.dispositions.append(earlier)
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/api/notices/1/disposition", method: .post, headers: NoticeHarness.jsonAuth,
                                     body: ByteBuffer(string: #"{"disposition":"confirmed_hit"}"#)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let message = try Self.errorMessage(response.body)
                #expect(message.contains("the audit log could not record it"))
                #expect(message.contains("it was not kept"))
            }
        }
        #expect(try harness.dispositions.records(for: 1) == [earlier])
    }

    @Test func aDispositionTheUnitCannotStoreIsNotAuditedAsRecordedAndAnswers507() async throws {
        let harness = try NoticeHarness()
        try harness.outbox.commit(makeNotice("n-1"))
        harness.files.failMutations(after: 0, with: .noSpace)
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/api/notices/1/disposition", method: .post, headers: NoticeHarness.jsonAuth,
                                     body: ByteBuffer(string: #"{"disposition":"confirmed_hit"}"#)) { response in
                #expect(response.status.code == 507)
                let message = try Self.errorMessage(response.body)
                #expect(message.contains("could not be stored on the unit"))
                #expect(message.contains("No space left on device"))
            }
        }
        harness.files.clearFault()
        #expect(try harness.dispositions.records(for: 1).isEmpty)
        let audited = harness.audit.events.withLock { $0 }
        #expect(audited.map(\.action) == [.dispositionFailed])
        #expect(audited.first?.detail.hasPrefix("confirmed_hit (not stored: ") == true)
    }

    /// Hummingbird's JSON error body: {"error": {"message": "…"}}.
    static func errorMessage(_ body: ByteBuffer) throws -> String {
        struct ErrorBody: Decodable { struct Inner: Decodable { var message: String }; var error: Inner }
        return try JSONDecoder().decode(ErrorBody.self, from: Data(String(buffer: body).utf8)).error.message
    }

    @Test func theConsolePageCarriesNoDataAndNoToken() async throws {
        let harness = try NoticeHarness()
        try harness.outbox.commit(makeNotice("n-1"))
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/console", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.contains("Authorization"))
                #expect(!page.contains("ABC1234"))
                #expect(!page.contains(NoticeHarness.token))
            }
        }
    }
}

@Suite struct NoticeEventStreamTests {
    @Test func eventFormatIsOneNoticePerEventWithItsSequenceAsID() throws {
        let stored = StoredNotice(sequence: 42, committedAtMillis: 1, notice: try makeNotice("n-42"))
        let event = try NoticeEventStream.event(stored)
        #expect(event.hasPrefix("id: 42\nevent: notice\ndata: {"))
        #expect(event.hasSuffix("}\n\n"))
        #expect(event.components(separatedBy: "\n").count == 5, "data is a single line")
        let parsed = SSE.parse(event)
        #expect(parsed.map(\.id) == ["42"])
        let decoded = try JSONDecoder().decode(StoredNotice.self, from: Data(parsed[0].data.utf8))
        #expect(decoded == stored)
    }

    /// Live server: the test ends with the stream still open, so it also checks that an open
    /// stream ends on graceful shutdown instead of holding the server.
    @Test func aReconnectingClientGetsWhatItMissedThenLiveNotices() async throws {
        let harness = try NoticeHarness()
        for i in 1...4 { try harness.outbox.commit(makeNotice("n-\(i)")) }
        try await harness.app.test(.live) { client in
            let events = try await SSE.collect(
                // The live harness binds "localhost", which is ::1 as well as 127.0.0.1 on a stock
                // Debian hosts file; connecting by the same name reaches it either way.
                url: "http://localhost:\(client.port!)/api/notices/stream",
                headers: ["Authorization": "Bearer \(NoticeHarness.token)", "Last-Event-ID": "2"], count: 3
            ) { received in
                // Once the backlog has arrived, a new commit must reach the open stream.
                if received == 2 { try harness.outbox.commit(makeNotice("n-5")) }
            }
            #expect(events.map(\.id) == ["3", "4", "5"])
            #expect(events.allSatisfy { $0.data.contains(HitNotice.banner) })
        }
        let opened = harness.audit.events.withLock { $0 }
        #expect(opened.map(\.action) == [.streamOpened])
        #expect(opened.first?.detail == "resumed after 2")
    }
}

@Suite struct OfficerTokenFileTests {
    @Test func aTokenIssuedWhileTheUnitRunsWorksWithoutARestartAndIsReadOnTheQueue() async throws {
        let files = FaultInjectingFileSystem()
        let queue = SerialLane(label: "test.notices", pool: .forTests)
        let tokenFiles = QueueCheckingFileSystem(files, queue: queue)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: ManualWallClock())
        try outbox.commit(makeNotice("n-1"))
        let router = Router()
        NoticeRoutes(outbox: outbox, dispositions: try DispositionStore(directory: "/o/d", fileSystem: files),
                     tokens: OfficerTokenFile(path: "/state/officer-tokens", fileSystem: tokenFiles, queue: queue),
                     audit: RecordingNoticeAudit(), clock: ManualWallClock(), queue: SerialLane(label: "test.notices", pool: .forTests)).add(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/notices/1", method: .get, headers: NoticeHarness.auth) { response in
                #expect(response.status == .unauthorized, "no tokens file yet: nobody")
            }
            try files.makeDirectories("/state")
            try files.replaceAtomically(
                "/state/officer-tokens", with: Array((OfficerTokens.line(officer: "badge-311", token: NoticeHarness.token) + "\n").utf8))
            try await client.execute(uri: "/api/notices/1", method: .get, headers: NoticeHarness.auth) { response in
                #expect(response.status == .ok)
            }
            try files.replaceAtomically("/state/officer-tokens", with: Array("badge-311 not-hex\n".utf8))
            try await client.execute(uri: "/api/notices/1", method: .get, headers: NoticeHarness.auth) { response in
                #expect(response.status == .serviceUnavailable, "a malformed file refuses everyone and says why")
            }
        }
        #expect(tokenFiles.operations.filter { $0.name == "read" }.count == 2, "read again on each request")
        #expect(tokenFiles.offQueue.isEmpty, "the tokens file was read on the queue: \(tokenFiles.offQueue)")
    }
}
