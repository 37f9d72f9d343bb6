import Foundation
import MilepostCore
import MilepostHotlist
import MilepostIngest
import MilepostPolicy
import MilepostSystem
import MilepostTesting
import Testing

@testable import MilepostService

/// Records each POST and answers with a fixed status.
final class RecordingNoticeTransport: WebhookTransport {
    struct Post: Sendable {
        var url: String
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    let posts = Locked<[Post]>([])
    let status: Int

    init(status: Int = 200) { self.status = status }

    func post(url: String, headers: [(String, String)], body: [UInt8], timeoutMillis: Int64) async throws -> Int {
        posts.withLock { $0.append(Post(url: url, headers: headers, body: body)) }
        return status
    }
}

/// The department server as one more receiver of the unit's notice outbox.
@Suite struct ServerNoticeReceiverTests {
    let unitKey = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Leicester PD"))
    let server = ServerSettings(url: "https://alpr.lpd.example.gov:8443/")

    @Test func aCommittedNoticeIsQueuedForTheServerAndPostedSignedWithTheUnitKey() async throws {
        let receiver = try ServerNoticeReceiver.receiver(server, unitID: "unit-7", unitKey: unitKey, retentionDays: 30)
        #expect(receiver.name == "server")
        #expect(receiver.url == "https://alpr.lpd.example.gov:8443/api/ingest/notices")
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad", receiver.name], fileSystem: FaultInjectingFileSystem(),
                                      clock: ManualWallClock())
        let stored = try outbox.commit(makeNotice("n-1"))
        #expect(outbox.pendingDeliveries().map(\.receiver) == ["cad", "server"])

        let webhook = RecordingNoticeTransport(), toServer = RecordingNoticeTransport()
        let cad = try WebhookReceiver(name: "cad", url: "https://cad.example.gov/hook", secret: Array("cad-secret-0123456789".utf8))
        let dispatcher = WebhookDispatcher(outbox: outbox, receivers: [cad, receiver], transport: webhook,
                                           transports: [receiver.name: toServer], clock: ManualWallClock(), pool: .forTests)
        #expect(await dispatcher.attemptDue() == 2)
        #expect(outbox.pendingDeliveries().isEmpty)

        let post = try #require(toServer.posts.withLock { $0.first })
        #expect(toServer.posts.withLock { $0.count } == 1)
        #expect(post.url == "https://alpr.lpd.example.gov:8443/api/ingest/notices")
        #expect(try JSONDecoder().decode(StoredNotice.self, from: Data(post.body)) == stored)
        #expect(post.header("Idempotency-Key") == "n-1")
        #expect(post.header(WebhookSignature.header) == nil, "the server receiver has no HMAC secret")
        let signature = try #require(post.header(NoticeSignature.headerName))
        let registered: (KeyID) -> PolicyPublicKey? = { [unitKey] id in id == unitKey.id ? unitKey.publicKey : nil }
        #expect(try NoticeSignature.verify(signature, body: post.body, unitID: "unit-7", registered: registered).id == unitKey.id)
        // Signed for notices only: the same header does not pass as a read batch's.
        #expect(throws: IngestError.self) { try BatchSignature.verify(signature, body: post.body, unitID: "unit-7", registered: registered) }

        // The webhook receiver is unchanged: HMAC-signed, through its own transport.
        let hook = try #require(webhook.posts.withLock { $0.first })
        #expect(hook.url == "https://cad.example.gov/hook")
        #expect(hook.header(NoticeSignature.headerName) == nil)
        #expect(WebhookSignature.verify(header: try #require(hook.header(WebhookSignature.header)), body: hook.body,
                                        secret: Array("cad-secret-0123456789".utf8), now: ManualWallClock().now().millisecondsSinceEpoch / 1000))
    }

    @Test func aRefusedNoticeStaysPendingForTheServer() async throws {
        let receiver = try ServerNoticeReceiver.receiver(server, unitID: "unit-7", unitKey: unitKey, retentionDays: 30)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [receiver.name], fileSystem: FaultInjectingFileSystem(), clock: ManualWallClock())
        try outbox.commit(makeNotice("n-1"))
        let refusing = RecordingNoticeTransport(status: 503)
        let dispatcher = WebhookDispatcher(outbox: outbox, receivers: [receiver], transport: RecordingNoticeTransport(),
                                           transports: [receiver.name: refusing], clock: ManualWallClock(), pool: .forTests)
        #expect(await dispatcher.attemptDue() == 1)
        let pending = try #require(outbox.pendingDeliveries().first)
        #expect(pending.receiver == "server" && pending.attempts.last?.httpStatus == 503)
    }

    @Test func theServerIsTriedForDaysButNeverPastTheUnitsRetention() throws {
        #expect(try ServerNoticeReceiver.receiver(server, unitID: "unit-7", unitKey: unitKey, retentionDays: 365).maximumAgeMillis == 7 * 86_400_000)
        #expect(try ServerNoticeReceiver.receiver(server, unitID: "unit-7", unitKey: unitKey, retentionDays: 2).maximumAgeMillis == 2 * 86_400_000)
    }

    @Test func aWebhookReceiverMayNotTakeTheServersNameWhileAServerIsConfigured() throws {
        let receivers = #""webhookReceivers":[{"name":"server","url":"https://cad.example.gov/hook","secretFile":"/cad.secret"}]"#
        let url = try UnitConfigTests.writeValid(adding: receivers + #","server":{"url":"https://a.example"}"#)
        let error = #expect(throws: UnitConfigError.self) { try UnitConfig.load(from: url) }
        #expect(error.map { "\($0)" }?.contains("webhookReceivers[0].name") == true)
        #expect(try UnitConfig.load(from: try UnitConfigTests.writeValid(adding: receivers)).webhookReceivers?.first?.name == "server")
    }
}
