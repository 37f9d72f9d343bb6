import Logging
import MilepostCore
import Testing
@testable import MilepostService

/// A reader that holds every frame until the test opens it.
actor ReaderGate {
    private var open = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func pass() async {
        if open { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func openUp() {
        open = true
        waiting.forEach { $0.resume() }
        waiting = []
    }
}

struct GatedReader: PlateReader {
    let gate: ReaderGate
    func readPlates(in frame: CapturedFrame) async throws -> [PlateObservation] {
        await gate.pass()
        return [PlateObservation(text: "ABC123", confidence: 900, alternatives: [], box: PlateBox(x: 1, y: 1, width: 2, height: 1), cropJPEG: [0xFF, 0xD8, 7])]
    }
}

/// `count` presence events at once.
struct BurstOfEvents: PresenceSource {
    let count: Int
    func events() -> AsyncStream<PresenceEvent> {
        AsyncStream { continuation in
            for index in 0..<count { continuation.yield(PresenceEvent(timestampNanoseconds: UInt64(index))) }
            continuation.finish()
        }
    }
}

@Suite struct UnitServiceQueueTests {
    @Test func recognitionThatFallsBehindDropsPassesButNeverHoldsUpTheTrigger() async throws {
        let cycles = FakeCycles()
        let recorder = FakeRecorder()
        let gate = ReaderGate()
        let pipeline = CapturePipeline(permission: FakePermission(.allowed(authorizationID: "TA-7", permittedHotlists: [])), cycles: cycles,
                                       reader: GatedReader(gate: gate), recorder: recorder, hits: FakeHits(hotPlates: []),
                                       origin: .testUnit, logger: Logger(label: "test"))
        let service = UnitService(pipeline: pipeline, presence: BurstOfEvents(count: 10), cycles: cycles, logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        defer { running.cancel() }

        // Every presence event fires its cycle while recognition is stuck on the first pass.
        try await Self.waitUntil { await cycles.cyclesFired == 10 }
        #expect(await recorder.stored.isEmpty)

        await gate.openUp()
        try await Self.waitUntil { await recorder.stored.count >= 4 }
        try await Task.sleep(for: .milliseconds(200))
        // The pass being read, if recognition took it before the queue filled, and the four queued.
        let stored = await recorder.stored.count
        #expect((UnitService.queuedPasses...UnitService.queuedPasses + 1).contains(stored), "\(stored) passes read")
    }

    static func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<500 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not met within 5 s")
    }
}
