import Logging
import MilepostCore
import Testing
@testable import MilepostService

@Suite struct CapturePipelineTests {
    let allowed = CaptureClearance.allowed(authorizationID: "TA-7", permittedHotlists: ["stolen"])
    let refused = CaptureClearance.refused(reason: "authorization TA-7 expired at 2026-11-29T12:00:00Z")

    struct Rig {
        let permission: FakePermission
        let cycles = FakeCycles()
        let recorder = FakeRecorder()
        let hits = FakeHits(hotPlates: ["HOT123"])
        let pipeline: CapturePipeline

        init(decision: CaptureClearance, plates: [String] = ["ABC123", "HOT123"], burstFrames: Int = 1) {
            permission = FakePermission(decision)
            pipeline = CapturePipeline(permission: permission, cycles: cycles, reader: FakeReader(plates: plates),
                                       recorder: recorder, hits: hits,
                                       origin: .testUnit, burstFrames: burstFrames, logger: Logger(label: "test"))
        }
    }

    @Test func withoutAuthorizationNothingFiresAndNothingIsStored() async {
        let rig = Rig(decision: refused)
        let outcome = await rig.pipeline.handlePresence()
        #expect(outcome == .refused(reason: "authorization TA-7 expired at 2026-11-29T12:00:00Z"))
        #expect(await rig.cycles.cyclesFired == 0)
        #expect(await rig.cycles.safeCalls == 1)
        #expect(await rig.recorder.stored.isEmpty)
    }

    @Test func allowedCycleStoresEveryReadUnderItsAuthorization() async {
        let rig = Rig(decision: allowed)
        let outcome = await rig.pipeline.handlePresence()
        guard case .completed(let report) = outcome else {
            Issue.record("expected a completed cycle, got \(outcome)")
            return
        }
        #expect(report.platesRead == 2)
        #expect(report.readsStored == 2)
        #expect(report.noticesCommitted == 1)
        #expect(report.failures.isEmpty)
        let stored = await rig.recorder.stored
        #expect(stored.map(\.plate) == ["ABC123", "HOT123"])
        #expect(stored.allSatisfy { $0.authorizationID == "TA-7" && $0.unitID == "unit-7" && $0.cameraID == "cam0" })
        #expect(await rig.hits.readsSeen == stored, "the store and the hotlist see the same read")
        #expect(await rig.hits.permittedSeen == [["stolen"], ["stolen"]])
    }

    @Test func revocationBetweenCyclesStopsTheNextCycle() async {
        let rig = Rig(decision: allowed)
        _ = await rig.pipeline.handlePresence()
        await rig.permission.set(refused)
        _ = await rig.pipeline.handlePresence()
        #expect(await rig.cycles.cyclesFired == 1)
        #expect(await rig.recorder.stored.count == 2)
    }

    @Test func watcherRefreshMakesOutputsSafeOnlyWhileRefused() async {
        let rig = Rig(decision: allowed)
        #expect(await rig.pipeline.refreshPermission() == allowed)
        #expect(await rig.cycles.safeCalls == 0)
        await rig.permission.set(refused)
        #expect(await rig.pipeline.refreshPermission() == refused)
        await rig.pipeline.refreshPermission()
        #expect(await rig.cycles.safeCalls == 2)
        #expect(await rig.pipeline.currentDecision == refused)
    }

    @Test func illuminatorSkipIsReportedNotStored() async {
        let rig = Rig(decision: allowed)
        await rig.cycles.setNext(.skip)
        #expect(await rig.pipeline.handlePresence() == .skippedByIlluminatorLimit)
        #expect(await rig.recorder.stored.isEmpty)
    }

    @Test func cameraFailureIsReportedWithItsStage() async {
        let rig = Rig(decision: allowed)
        await rig.cycles.setNext(.fail)
        guard case .completed(let report) = await rig.pipeline.handlePresence() else {
            Issue.record("expected a completed report")
            return
        }
        #expect(report.failures.map(\.stage) == [.camera])
        #expect(report.failures.first?.message.contains("/dev/video0") == true)
    }

    @Test func aFullStoreStillLetsHitNoticesThrough() async {
        let rig = Rig(decision: allowed)
        await rig.recorder.setFailure("store full: no space left on device")
        guard case .completed(let report) = await rig.pipeline.handlePresence() else {
            Issue.record("expected a completed report")
            return
        }
        #expect(report.readsStored == 0)
        #expect(report.noticesCommitted == 1)
        #expect(report.failures.count == 2)
        #expect(report.failures.allSatisfy { $0.stage == .store })
    }

    @Test func aBurstIsOnePassWithOneReadAndAtMostOneNoticePerPlate() async {
        let rig = Rig(decision: allowed, burstFrames: 3)
        guard case .completed(let report) = await rig.pipeline.handlePresence() else {
            Issue.record("expected a completed pass")
            return
        }
        #expect(await rig.cycles.cyclesFired == 3)
        #expect(report.framesCaptured == 3)
        #expect(report.platesRead == 2)
        #expect(report.readsStored == 2)
        #expect(report.noticesCommitted == 1)
        let stored = await rig.recorder.stored
        #expect(stored.map(\.plate) == ["ABC123", "HOT123"])
        #expect(stored.allSatisfy { $0.pass == PassAgreement(framesRead: 3, framesAgreed: 3) })
        // The evidence is the first of the equally sure frames.
        #expect(stored.allSatisfy { $0.captureTime.millisecondsSinceEpoch == 1_700_000_000_001 })
        #expect(report.logMetadata["plates"] == "ABC123 confidence=900 agreed=3/3 stored notices=0; H0T123 confidence=900 agreed=3/3 stored notices=1")
    }

    @Test func theIlluminatorGuardCutsABurstShortAndThePassIsReadFromWhatWasCaptured() async {
        let rig = Rig(decision: allowed, plates: ["ABC123"], burstFrames: 3)
        await rig.cycles.setFrames(before: .skip, count: 2)
        guard case .completed(let report) = await rig.pipeline.handlePresence() else {
            Issue.record("expected a completed pass")
            return
        }
        #expect(report.framesCaptured == 2)
        #expect(await rig.recorder.stored.map(\.pass) == [PassAgreement(framesRead: 2, framesAgreed: 2)])
    }

    @Test func aSingleFrameReadCarriesNoPass() async {
        let rig = Rig(decision: allowed, plates: ["ABC123"])
        _ = await rig.pipeline.handlePresence()
        #expect(await rig.recorder.stored.map(\.pass) == [nil])
    }
}

@Suite struct PassQueueTests {
    static func pass(_ frames: Int) -> CapturedPass {
        CapturedPass(frames: (0..<frames).map { CapturedFrame(image: LumaImage(width: 1, height: 1, pixels: [0]), capturedAtMilliseconds: Int64($0)) },
                     scope: HitScope(authorizationID: "TA-7", permittedHotlists: [], site: Site(latitude: 0, longitude: 0, description: "test")),
                     captureFailures: [])
    }

    @Test func aFullQueueRefusesANewPassAndKeepsTheOnesItHas() async {
        let queue = PassQueue(capacity: 2)
        #expect(queue.offer(Self.pass(1)))
        #expect(queue.offer(Self.pass(2)))
        #expect(!queue.offer(Self.pass(3)))
        queue.finish()
        var read: [Int] = []
        for await pass in queue.passes { read.append(pass.frames.count) }
        #expect(read == [1, 2])
    }
}
