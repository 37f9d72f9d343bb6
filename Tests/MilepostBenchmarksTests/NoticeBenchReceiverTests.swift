import Foundation
import MilepostCore
import MilepostHotlist
import Testing
@testable import MilepostBenchmarks

@Suite struct NoticeBenchReceiverTests {
    let secret = Array("receiver-secret".utf8)

    /// A signed delivery of notice `id` captured at `capturedAt` ms, as the sender posts it.
    func delivery(_ id: String, capturedAt: Int64, now: Int64) throws -> (body: [UInt8], signature: String) {
        let notice = try DemoNotice.make(plate: "AB12", capturedAtMillis: capturedAt, id: id, images: false)
        let body = Array(try JSONEncoder().encode(StoredNotice(sequence: 1, committedAtMillis: capturedAt, notice: notice)))
        return (body, WebhookSignature.sign(body: body, secret: secret, timestamp: now / 1000))
    }

    @Test func latencyIsFromCaptureToFirstAcceptedDelivery() throws {
        let clock = Locked<Int64>(1_000_000)
        let receiver = NoticeBenchReceiver(secret: secret, failRate: 0, now: { clock.withLock { $0 } })
        let a = try delivery("a", capturedAt: 999_990, now: clock.withLock { $0 })
        #expect(receiver.receive(body: a.body, signature: a.signature, key: "a") == 200)
        clock.withLock { $0 += 500 }
        #expect(receiver.receive(body: a.body, signature: a.signature, key: "a") == 200)
        let report = receiver.report(committed: ["a", "never-sent"])
        #expect(report.live == [10])
        #expect(report.duplicates == 1)
        #expect(report.received == 1)
        #expect(report.lost == 1)
    }

    @Test func badSignaturesAndMismatchedKeysAreRefused() throws {
        let clock = Locked<Int64>(1_000_000)
        let receiver = NoticeBenchReceiver(secret: secret, failRate: 0, now: { clock.withLock { $0 } })
        let a = try delivery("a", capturedAt: 999_000, now: clock.withLock { $0 })
        #expect(receiver.receive(body: a.body, signature: "t=1000,v1=00", key: "a") == 401)
        #expect(receiver.receive(body: a.body, signature: a.signature, key: "b") == 401)
        #expect(receiver.receive(body: a.body, signature: nil, key: "a") == 401)
        #expect(receiver.report(committed: []).badSignatures == 3)
    }

    @Test func noticesPendingAcrossAnOutageCountAsReplayed() throws {
        let clock = Locked<Int64>(1_000_000)
        let receiver = NoticeBenchReceiver(secret: secret, failRate: 0, now: { clock.withLock { $0 } })
        receiver.setUp(false)
        let pending = try delivery("pending", capturedAt: clock.withLock { $0 }, now: clock.withLock { $0 })
        #expect(receiver.receive(body: pending.body, signature: pending.signature, key: "pending") == 503)
        clock.withLock { $0 += 2_000 }
        receiver.setUp(true)
        let fresh = try delivery("fresh", capturedAt: clock.withLock { $0 } + 100, now: clock.withLock { $0 } + 130)
        #expect(receiver.receive(body: pending.body, signature: pending.signature, key: "pending") == 200)
        clock.withLock { $0 += 130 }
        #expect(receiver.receive(body: fresh.body, signature: fresh.signature, key: "fresh") == 200)
        let report = receiver.report(committed: ["pending", "fresh"])
        #expect(report.replayed == 1)
        #expect(report.afterRestart == [30])
        #expect(report.live == [30])
        #expect(report.failedOnPurpose == 1)
        #expect(report.lost == 0)
    }

    @Test func percentilesAreNearestRank() {
        let report = NoticeBenchReceiver.Report(live: (1...200).reversed().map(Int64.init), afterRestart: [], replayed: 0, received: 0,
                                                duplicates: 0, failedOnPurpose: 0, badSignatures: 0, lost: 0)
        #expect(report.percentile(50) == 100)
        #expect(report.percentile(99) == 198)
        #expect(report.percentile(100) == 200)
        #expect(report.percentile(99, of: [7]) == 7)
        #expect(report.percentile(99, of: []) == 0)
    }
}

