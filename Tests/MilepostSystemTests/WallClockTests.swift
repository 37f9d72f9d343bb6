import MilepostCore
import MilepostSystem
import MilepostTesting
import Testing

@Suite struct WallClockTests {
    @Test func theSystemClockReadsTheCurrentTime() {
        // 2026-01-01T00:00:00Z: any machine running these tests is later than this.
        #expect(SystemWallClock().now() > UTCTime(millisecondsSinceEpoch: 1_767_225_600_000))
    }

    @Test func aManualClockMovesOnlyWhenTold() {
        let start = UTCTime(millisecondsSinceEpoch: 1_000_000)
        let clock = ManualWallClock(start)
        #expect(clock.now() == start)
        clock.advance(seconds: 2)
        clock.advance(milliseconds: 5)
        #expect(clock.now() == start.adding(milliseconds: 2_005))
        clock.advance(to: start)
        #expect(clock.now() == start.adding(milliseconds: 2_005), "advance(to:) never goes back")
        clock.advance(seconds: -5)
        #expect(clock.now() == start.adding(seconds: -3).adding(milliseconds: 5), "a negative advance steps back")
        clock.set(start.adding(seconds: -60))
        #expect(clock.now() == start.adding(seconds: -60))
    }

    @Test func aSleeperWakesWhenTheClockReachesItsDeadline() async throws {
        let clock = ManualWallClock()
        let deadline = clock.now().adding(seconds: 30)
        let sleeper = Task { try await clock.sleep(until: deadline) }
        for _ in 0..<20_000 {
            guard clock.sleeperCount == 0 else { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        clock.advance(seconds: 29)
        #expect(clock.sleeperCount == 1)
        clock.advance(seconds: 1)
        try await sleeper.value
        #expect(clock.sleeperCount == 0)
    }

    @Test func aCancelledSleeperThrowsCancellation() async {
        let clock = ManualWallClock()
        let sleeper = Task { try await clock.sleep(until: clock.now().adding(seconds: 30)) }
        for _ in 0..<20_000 {
            guard clock.sleeperCount == 0 else { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }
}
