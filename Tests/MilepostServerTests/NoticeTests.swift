import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostHotlist
import MilepostIngest
import MilepostPolicy
import MilepostServer
import MilepostSystem
import MilepostTesting
import NIOCore
import Testing

/// The test's stand-in for the server's access layer: one token, one officer.
enum TestOfficer {
    static let token = "test-officer-token-0123456789"
    static let actor = AuditActor(id: "officer:badge-311", organisation: "Leicester PD")
    static let authenticate: FleetNoticeRoutes<BasicRequestContext>.Authenticate = { request, _ in
        guard request.headers[.authorization] == "Bearer \(token)" else {
            throw HTTPError(.unauthorized, message: "an officer's Authorization: Bearer token is required")
        }
        return actor
    }
    static var headers: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }
}

/// An audit log that is down: every record is refused.
final class RefusingAuditRecorder: AuditRecorder {
    struct Down: Error, CustomStringConvertible {
        var description: String { "audit disk unavailable" }
    }

    func record(_ event: AuditEvent) throws -> AuditEntry { throw Down() }
}

extension PostgresBackedTests {
    @Suite struct Notices {
        let unit7 = SimulatedUnit("unit-7")
        let unit8 = SimulatedUnit("unit-8")

        /// The notice routes (ingest, console, stream, dispositions) as the server mounts them,
        /// with `TestOfficer` in place of the access layer, on a fresh database with unit-7's and
        /// unit-8's keys registered and a real audit log in a temporary directory (or `audit`).
        func withServer(_ mode: TestingSetup = .router, audit override: (any AuditRecorder)? = nil,
                        _ body: @Sendable @escaping (DepartmentServer.Parts, AuditLog, any TestClientProtocol) async throws -> Void) async throws {
            let directory = try TemporaryDirectory("server-notices")
            defer { directory.remove() }
            let log = try ServerAuditLog.open(directory: directory.appending("audit"), clock: ManualWallClock())
            try await TestPostgres.withDatabase { database in
                let parts = DepartmentServer.Parts(database: database, clock: ManualWallClock())
                #expect(try await parts.keys.register(unit7.key.publicKey) == .registered)
                #expect(try await parts.keys.register(unit8.key.publicKey) == .registered)
                let router = Router()
                NoticeIngestRoutes(keys: parts.keys, notices: parts.notices, feed: parts.noticeFeed, clock: parts.clock, logger: TestPostgres.logger)
                    .add(to: router)
                FleetNoticeRoutes(notices: parts.notices, feed: parts.noticeFeed, audit: override ?? log, pool: .forTests, clock: parts.clock,
                                  authenticate: TestOfficer.authenticate).add(to: router)
                let app = Application(router: router)
                try await app.test(mode) { client in try await body(parts, log, client) }
            }
        }

        static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
            try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
        }

        static func storedNotices(_ database: ServerDatabase) async throws -> Int64 {
            try await TestPostgres.count("SELECT count(*) FROM hit_notices", in: database)
        }

        @Test func aSignedNoticeSentTwiceIsStoredOnceWithEveryField() async throws {
            let unit = unit7
            try await withServer { parts, _, client in
                let stored = try unit.notice("n-1", sequence: 41)
                let (body, signature) = try unit.signedNotice(stored)
                let first = try await client.postNotice(body, signature: signature)
                #expect(first.status == .ok)
                let acknowledged = try Self.decode(NoticeIngestRoutes.Acknowledgement.self, first)
                #expect(acknowledged.unit == "unit-7" && acknowledged.noticeID == "n-1" && acknowledged.newlyStored)

                let again = try await client.postNotice(body, signature: signature)
                #expect(again.status == .ok)
                let resent = try Self.decode(NoticeIngestRoutes.Acknowledgement.self, again)
                #expect(!resent.newlyStored)
                #expect(resent.sequence == acknowledged.sequence)
                #expect(try await Self.storedNotices(parts.database) == 1)

                // The same notice id from another unit is another notice.
                let (other, otherSignature) = try unit8.signedNotice(try unit8.notice("n-1"))
                #expect(try Self.decode(NoticeIngestRoutes.Acknowledgement.self, try await client.postNotice(other, signature: otherSignature)).newlyStored)
                #expect(try await Self.storedNotices(parts.database) == 2)

                let kept = try #require(try await parts.notices.notice(acknowledged.sequence))
                #expect(kept.notice == stored.notice)
                #expect(kept.unitSequence == 41)
                #expect(kept.committedAtMillis == stored.committedAtMillis)
            }
        }

        @Test func aNoticeUnsignedOrSignedByAnotherKeyIsRefusedAndNotStored() async throws {
            let (unit, other) = (unit7, unit8)
            try await withServer { parts, _, client in
                let stored = try unit.notice("n-1")
                let (body, signature) = try unit.signedNotice(stored)

                let unsigned = try await client.postNotice(body, signature: nil)
                #expect(unsigned.status == .badRequest)
                #expect(String(buffer: unsigned.body).contains("Milepost-Signature header is missing"))

                // Unit-8's registered key signing unit-7's notice.
                let (_, byOtherUnit) = try unit.signedNotice(stored, by: other.key)
                #expect(try await client.postNotice(body, signature: byOtherUnit).status == .forbidden)

                // A key the server does not know.
                let stranger = SimulatedUnit("unit-7")
                let (_, byStranger) = try stranger.signedNotice(stored)
                let unknown = try await client.postNotice(body, signature: byStranger)
                #expect(unknown.status == .forbidden)
                #expect(String(buffer: unknown.body).contains("not a registered unit key"))

                // Altered after signing.
                var altered = try unit.notice("n-1")
                altered.notice.plate = "XYZ9999"
                #expect(try await client.postNotice([UInt8](try NoticeOutbox.encoder.encode(altered)), signature: signature).status == .unauthorized)

                // A read batch's signature over the same bytes is not a notice's.
                let batchSignature = try BatchSignature.header(for: body, unitID: unit.unitID, unitKey: unit.key)
                #expect(try await client.postNotice(body, signature: batchSignature).status == .unauthorized)

                let garbage = try await client.postNotice(Array("{}".utf8), signature: signature)
                #expect(garbage.status == .badRequest)
                #expect(String(buffer: garbage.body).contains("not a hit notice"))

                #expect(try await Self.storedNotices(parts.database) == 0)
            }
        }

        @Test(.timeLimit(.minutes(1))) func theStreamDeliversANoticeStoredAfterItOpened() async throws {
            let unit = unit7
            try await withServer(.live) { _, log, client in
                let port = try #require(client.port)
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                do {
                    var request = HTTPClientRequest(url: "http://localhost:\(port)/api/notices/stream")
                    request.headers.add(name: "Authorization", value: "Bearer \(TestOfficer.token)")
                    let response = try await http.execute(request, timeout: .seconds(30))
                    #expect(response.status == .ok)
                    var chunks = response.body.makeAsyncIterator()
                    var text = ""
                    // The stream is open (subscribed) once its first line has arrived.
                    while !text.contains("retry: 2000\n\n"), let chunk = try await chunks.next() { text += String(buffer: chunk) }
                    #expect(!text.contains("event: notice"), "nothing was stored before the stream opened")

                    let (body, signature) = try unit.signedNotice(try unit.notice("n-live"))
                    #expect(try await client.postNotice(body, signature: signature).status == .ok)
                    while !text.contains("\"id\":\"n-live\""), let chunk = try await chunks.next() { text += String(buffer: chunk) }
                    #expect(text.contains("id: 1\nevent: notice\ndata: "))
                    let data = try #require(text.split(separator: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6))
                    let event = try JSONDecoder().decode(FleetNotice.self, from: Data(data.utf8))
                    #expect(event.sequence == 1 && event.notice.unit == "unit-7" && event.notice.id == "n-live")
                    try await http.shutdown()
                } catch {
                    try? await http.shutdown()
                    throw error
                }
                let opened = try log.wholeEntries().filter { $0.event == "notice.stream.opened" }
                #expect(opened.map(\.actor) == [TestOfficer.actor])
            }
        }

        @Test func aDispositionIsRecordedAuditedAndListed() async throws {
            let unit = unit7
            try await withServer { _, log, client in
                let (body, signature) = try unit.signedNotice(try unit.notice("n-1"))
                let sequence = try Self.decode(NoticeIngestRoutes.Acknowledgement.self, try await client.postNotice(body, signature: signature)).sequence

                let refused = try await client.execute(uri: "/api/notices/\(sequence)/disposition", method: .post,
                                                       body: ByteBuffer(string: #"{"disposition":"misread"}"#))
                #expect(refused.status == .unauthorized)

                let recorded = try await client.execute(uri: "/api/notices/\(sequence)/disposition", method: .post, headers: TestOfficer.headers,
                                                        body: ByteBuffer(string: #"{"disposition":"wrong_state","note":"NH plate"}"#))
                #expect(recorded.status == .created)
                let record = try Self.decode(FleetDisposition.self, recorded)
                #expect(record.disposition == .wrongState && record.officer == "officer:badge-311" && record.note == "NH plate")
                #expect(record.unit == "unit-7" && record.noticeID == "n-1" && record.sequence == sequence)

                let unknown = try await client.execute(uri: "/api/notices/999/disposition", method: .post, headers: TestOfficer.headers,
                                                       body: ByteBuffer(string: #"{"disposition":"misread"}"#))
                #expect(unknown.status == .notFound)
                let invalid = try await client.execute(uri: "/api/notices/\(sequence)/disposition", method: .post, headers: TestOfficer.headers,
                                                       body: ByteBuffer(string: #"{"disposition":"arrested"}"#))
                #expect(invalid.status == .badRequest)
                #expect(String(buffer: invalid.body).contains("confirmed_hit"))

                let listed = try await client.execute(uri: "/api/notices/\(sequence)/dispositions", method: .get, headers: TestOfficer.headers)
                #expect(try Self.decode([FleetDisposition].self, listed) == [record])

                let audited = try log.wholeEntries().filter { $0.event == "notice.disposition" }
                #expect(audited.count == 1)
                #expect(audited.first?.actor == TestOfficer.actor)
                #expect(audited.first?.object == "notice:\(sequence) (unit unit-7, n-1)")
                #expect(audited.first?.outcome == .recorded(detail: "wrong_state: NH plate"))
            }
        }

        @Test func aDispositionTheAuditLogCannotRecordIsNotKept() async throws {
            let unit = unit7
            try await withServer(audit: RefusingAuditRecorder()) { parts, _, client in
                let (body, signature) = try unit.signedNotice(try unit.notice("n-1"))
                let sequence = try Self.decode(NoticeIngestRoutes.Acknowledgement.self, try await client.postNotice(body, signature: signature)).sequence
                let response = try await client.execute(uri: "/api/notices/\(sequence)/disposition", method: .post, headers: TestOfficer.headers,
                                                        body: ByteBuffer(string: #"{"disposition":"confirmed_hit"}"#))
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("the audit log could not record it"))
                #expect(try await TestPostgres.count("SELECT count(*) FROM notice_dispositions", in: parts.database) == 0)
            }
        }

        @Test func theConsoleIsTheUnitsPageShowingEachNoticesUnit() async throws {
            try await withServer { _, _, client in
                let page = try await client.execute(uri: "/console", method: .get)
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html == OfficerConsolePage.fleetHTML)
                #expect(html.contains("const fleet = true;"))
                #expect(OfficerConsolePage.html.contains("const fleet = false;"))
            }
        }
    }
}
