import Foundation
import MilepostCore
import MilepostTesting
import Testing

@testable import MilepostHotlist
import MilepostHotlistTesting
import MilepostSystem
import MilepostTesting
import SystemPackage

@Suite struct HitNoticeTests {
    @Test func carriesWhatTheOfficerNeedsAndTheBanner() throws {
        let notice = sampleNotice()
        #expect(notice.banner == "UNCONFIRMED: verify plate and state visually and confirm with NCIC or dispatch before acting")
        #expect(notice.plate == "ABC1234")
        #expect(notice.state == "MA")
        #expect(notice.primary.list == "ncic")
        #expect(notice.primary.code == "V")
        #expect(notice.primary.codeTitle == "stolen vehicle")
        #expect(notice.primary.reason == "r")
        #expect(notice.unit == "unit-7")
        #expect(notice.site == "Route 9 at Main St")
        #expect(notice.location == Site(latitude: 42.24, longitude: -71.91, description: "Route 9 at Main St"))
        #expect(notice.readConfidence == 0.93)
        #expect(notice.plateCrop == Data([0xFF, 0xD8, 1, 2]))
        #expect(notice.contextImage == Data([0xFF, 0xD8, 3, 4]))
    }

    @Test func aNoticeOfAPassSaysHowManyFramesAgreed() throws {
        let single = try JSONSerialization.jsonObject(with: JSONEncoder().encode(sampleNotice())) as! [String: Any]
        #expect(single["framesRead"] == nil && single["framesAgreed"] == nil)
        let voted = sampleNotice(pass: PassAgreement(framesRead: 3, framesAgreed: 2))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(voted)) as! [String: Any]
        #expect(json["framesRead"] as? Int == 3)
        #expect(json["framesAgreed"] as? Int == 2)
        #expect(try JSONDecoder().decode(HitNotice.self, from: JSONEncoder().encode(voted)).framesAgreed == 2)
    }

    @Test func hasNoFieldThatCouldCarryOwnerData() throws {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(sampleNotice())) as! [String: Any]
        let hit = (json["hits"] as! [[String: Any]])[0]
        let allKeys = Set(json.keys).union(hit.keys).map { $0.lowercased() }
        for forbidden in ["owner", "name", "address", "dob", "birth", "licence", "license", "oln"] {
            #expect(!allKeys.contains { $0.contains(forbidden) }, "\(forbidden) in \(allKeys)")
        }
    }
}

/// One frame whose notice, if it asks for one, is committed. (`#expect` cannot call a
/// mutating method directly.)
func step(_ dedup: inout PassDeduplicator, _ plate: PlateText, _ priority: ListPriority, _ now: Int64) -> Bool {
    let notify = dedup.shouldNotify(plate: plate, priority: priority, now: now)
    if notify { dedup.recordNotice(plate: plate, now: now) }
    return notify
}

@Suite struct PassDeduplicatorTests {
    let plate = try! PlateText(normalizing: "ABC1234")
    let lookalike = try! PlateText(normalizing: "A8C1234")

    @Test func oneNoticePerPassNotPerFrame() {
        var dedup = PassDeduplicator(passGapMillis: 15_000, repeatIntervalMillis: 600_000)
        #expect(step(&dedup, plate, .routine, 0))
        // Frames of the same pass, including a look-alike misread, within the gap of each other.
        for t in stride(from: Int64(100), through: 40_000, by: 5_000) {
            #expect(!step(&dedup, t % 2 == 0 ? lookalike : plate, .routine, t))
        }
        // A new pass of a routine plate is still held back within the repeat interval...
        #expect(!step(&dedup, plate, .routine, 100_000))
        // ...and notifies after it.
        #expect(step(&dedup, plate, .routine, 700_001))
    }

    @Test func highPriorityListsAreNeverRateLimited() {
        var dedup = PassDeduplicator(passGapMillis: 15_000, repeatIntervalMillis: 600_000)
        #expect(step(&dedup, plate, .high, 0))
        #expect(!step(&dedup, plate, .high, 10_000), "same pass")
        #expect(step(&dedup, plate, .high, 25_001), "every new pass of an AMBER vehicle notifies")
        #expect(step(&dedup, plate, .high, 50_000))
    }

    @Test func aPassCountsAsNotifiedOnlyOnceItsNoticeIsRecorded() {
        var dedup = PassDeduplicator(passGapMillis: 15_000, repeatIntervalMillis: 600_000)
        let first = dedup.shouldNotify(plate: plate, priority: .routine, now: 0)
        // The commit failed: nothing recorded, so the next frame of the pass asks again.
        let retry = dedup.shouldNotify(plate: lookalike, priority: .routine, now: 100)
        dedup.recordNotice(plate: lookalike, now: 100)
        let afterCommit = dedup.shouldNotify(plate: plate, priority: .routine, now: 200)
        #expect(first && retry && !afterCommit)
    }

    @Test func forgetsOldPlatesSoMemoryStaysBounded() {
        var dedup = PassDeduplicator(passGapMillis: 1_000, repeatIntervalMillis: 10_000)
        for i in 0..<100 { _ = step(&dedup, try! PlateText(normalizing: "P\(i)"), .routine, Int64(i)) }
        #expect(dedup.trackedPlates == 100)
        _ = step(&dedup, plate, .routine, 1_000_000)
        #expect(dedup.trackedPlates == 1)
    }
}

@Suite struct WebhookSignatureTests {
    let secret = Array("0123456789abcdef-secret".utf8)

    @Test func aReceiverCanVerifyTheSignature() {
        let body = Array("{\"id\":\"n-1\"}".utf8)
        let header = WebhookSignature.sign(body: body, secret: secret, timestamp: 1_795_000_000)
        #expect(header.hasPrefix("t=1795000000,v1="))
        #expect(WebhookSignature.verify(header: header, body: body, secret: secret, now: 1_795_000_010))
        #expect(!WebhookSignature.verify(header: header, body: body + [0x20], secret: secret, now: 1_795_000_010))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: Array("another-secret-0123".utf8), now: 1_795_000_010))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: secret, now: 1_795_001_000), "too old: replayed")
    }

    @Test func knownVector() {
        // HMAC-SHA256(key "key", "1.{}") computed independently with Python's hmac module.
        #expect(WebhookSignature.sign(body: Array("{}".utf8), secret: Array("key".utf8), timestamp: 1)
                == "t=1,v1=\(KnownVector.hmacKeyOneDotBraces)")
    }
}

@Suite struct WebhookReceiverTests {
    let secret = [UInt8](repeating: 7, count: 32)

    @Test func onlyHTTPSUnlessAnExplicitLoopbackTestReceiver() throws {
        #expect(throws: WebhookReceiver.ConfigurationError.self) { try WebhookReceiver(name: "cad", url: "http://cad.example/hook", secret: secret) }
        #expect(throws: WebhookReceiver.ConfigurationError.self) { try WebhookReceiver(name: "cad", url: "http://127.0.0.1:8080/hook", secret: secret) }
        #expect(throws: WebhookReceiver.ConfigurationError.self) {
            try WebhookReceiver(name: "cad", url: "http://10.0.0.5:8080/hook", secret: secret, testReceiver: true)
        }
        #expect(throws: WebhookReceiver.ConfigurationError.self) {
            try WebhookReceiver(name: "cad", url: "http://127.0.0.1.evil.example/hook", secret: secret, testReceiver: true)
        }
        _ = try WebhookReceiver(name: "cad", url: "https://cad.example/hook", secret: secret)
        _ = try WebhookReceiver(name: "bench", url: "http://127.0.0.1:8080/hook", secret: secret, testReceiver: true)
        #expect(throws: WebhookReceiver.ConfigurationError.secretTooShort("cad")) {
            try WebhookReceiver(name: "cad", url: "https://cad.example/hook", secret: [1, 2, 3])
        }
    }
}

@Suite struct RetryBackoffTests {
    @Test func doublesWithJitterBetweenHalfAndAllAndIsCapped() {
        let backoff = RetryBackoff(initialMillis: 100, maximumMillis: 1_000)
        #expect(backoff.delayMillis(afterFailedAttempt: 1, unitRandom: 0) == 50)
        #expect(backoff.delayMillis(afterFailedAttempt: 1, unitRandom: 0.999) == 99)
        #expect(backoff.delayMillis(afterFailedAttempt: 3, unitRandom: 0.5) == 300)
        #expect(backoff.delayMillis(afterFailedAttempt: 10, unitRandom: 1) == 1_000)
        #expect(backoff.delayMillis(afterFailedAttempt: 200, unitRandom: 0) == 500)
    }
}

@Suite struct HitNotifierTests {
    @Test func framesOfOnePassCommitOneNoticeOnlyForPermittedLists() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock()
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        try store.replace(settings: ListSettings(name: "ncic", lookalikeSubstitutions: 1), entries: [entry("ABC1234")], sourceFile: "f", approval: FakeHotlistApprovals.approvingAnyList, now: 0)
        let outbox = try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock)
        let notifier = try HitNotifier(hotlists: store, outbox: outbox, clock: clock)
        #expect(try notifier.process(read("ABC1234", at: t0), capture: capture, permitted: []) == nil, "list not permitted")
        let first = try notifier.process(read("A8C1234", at: t0 + 100), capture: capture, permitted: ["ncic"])
        #expect(first?.notice.hits.first?.match == "look-alike (1 character substituted)")
        for frame in 2...10 {
            #expect(try notifier.process(read("ABC1234", at: t0 + Int64(frame) * 100), capture: capture, permitted: ["ncic"]) == nil)
        }
        #expect(try notifier.process(read("ZZZ999", at: t0), capture: capture, permitted: ["ncic"]) == nil)
        #expect(try outbox.notices(after: 0).count == 1)
    }

    /// The disk was full when the pass began; space is freed while the vehicle is still in view.
    @Test func aNoticeWhoseCommitFailedIsCommittedByTheNextFrameOfThePass() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: t0))
        let (store, outbox) = try Self.open(files, clock)
        let notifier = try HitNotifier(hotlists: store, outbox: outbox, clock: clock)
        files.failMutations(after: 0, with: .noSpace)
        #expect(throws: OutboxError.self) { try notifier.process(read("ABC1234", at: t0), capture: capture, permitted: ["ncic"]) }
        files.clearFault()
        clock.advance(to: UTCTime(millisecondsSinceEpoch: t0 + 200))
        let retried = try notifier.process(read("ABC1234", at: t0 + 200), capture: capture, permitted: ["ncic"])
        #expect(retried?.notice.capturedAtMillis == t0 + 200)
        #expect(try outbox.notices(after: 0).count == 1)
        #expect(try notifier.process(read("ABC1234", at: t0 + 400), capture: capture, permitted: ["ncic"]) == nil, "now notified")
    }

    @Test func aRestartRemembersWhichPassesWereNotified() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: t0))
        let dedup = PassDeduplicator(passGapMillis: 15_000, repeatIntervalMillis: 600_000)
        let (store, outbox) = try Self.open(files, clock)
        #expect(try HitNotifier(hotlists: store, outbox: outbox, clock: clock, deduplicator: dedup)
            .process(read("ABC1234", at: t0), capture: capture, permitted: ["ncic"]) != nil)
        clock.advance(to: UTCTime(millisecondsSinceEpoch: t0 + 5_000))
        files.powerCut()

        let (reopenedStore, reopened) = try Self.open(files, clock)
        let restarted = try HitNotifier(hotlists: reopenedStore, outbox: reopened, clock: clock, deduplicator: dedup)
        #expect(try restarted.process(read("A8C1234", at: t0 + 5_000), capture: capture, permitted: ["ncic"]) == nil, "same pass")
        clock.advance(to: UTCTime(millisecondsSinceEpoch: t0 + 600_001))
        #expect(try restarted.process(read("ABC1234", at: t0 + 600_001), capture: capture, permitted: ["ncic"]) != nil,
                "a new pass after the repeat interval")
        #expect(try reopened.notices(after: 0).map(\.notice.capturedAtMillis) == [t0, t0 + 600_001])
    }

    @Test func aRestartAfterTheMemoryWindowNotifiesANewPass() throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: t0))
        let dedup = PassDeduplicator(passGapMillis: 15_000, repeatIntervalMillis: 600_000)
        let (store, outbox) = try Self.open(files, clock)
        _ = try HitNotifier(hotlists: store, outbox: outbox, clock: clock, deduplicator: dedup)
            .process(read("ABC1234", at: t0), capture: capture, permitted: ["ncic"])
        clock.advance(to: UTCTime(millisecondsSinceEpoch: t0 + 600_001))

        let (reopenedStore, reopened) = try Self.open(files, clock)
        let restarted = try HitNotifier(hotlists: reopenedStore, outbox: reopened, clock: clock, deduplicator: dedup)
        #expect(try restarted.process(read("ABC1234", at: t0 + 600_001), capture: capture, permitted: ["ncic"]) != nil)
    }

    let t0: Int64 = 1_795_000_000_000

    let capture = CaptureContext(site: Site(latitude: 0, longitude: 0, description: "d"), contextJPEG: nil)

    /// The unit's hotlists (one routine list "ncic" holding ABC1234) and its outbox, as opened at start.
    static func open(_ files: FaultInjectingFileSystem, _ clock: ManualWallClock) throws -> (HotlistStore, NoticeOutbox) {
        let store = try HotlistStore(directory: "/h", fileSystem: files, approvals: FakeHotlistApprovals())
        if !files.exists("/o") {
            try store.replace(settings: ListSettings(name: "ncic", lookalikeSubstitutions: 1), entries: [entry("ABC1234")], sourceFile: "f", approval: FakeHotlistApprovals.approvingAnyList, now: 0)
        }
        try store.load()
        return (store, try NoticeOutbox(directory: "/o", receivers: ["cad"], fileSystem: files, clock: clock))
    }
}
