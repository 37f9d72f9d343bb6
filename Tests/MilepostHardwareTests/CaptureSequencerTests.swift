import MilepostCore
import XCTest
@testable import MilepostHardware
import MilepostHardwareTesting

final class SwitchableGate: CaptureGate {
    let allowed = Locked(true)
    func isCaptureAllowed() -> Bool { allowed.withLock { $0 } }
    func set(_ value: Bool) { allowed.withLock { $0 = value } }
}

final class CaptureSequencerTests: XCTestCase {
    let clock = VirtualClock()
    let gate = SwitchableGate()
    lazy var gpio = SimulatedGPIO(chips: [.init(name: "gpiochip0", label: "test", lineCount: 8)], clock: clock)
    let timings = SequencerTimings(irLeadUs: 500, triggerWidthUs: 100, exposureUs: 2000)
    // 2.5 ms of IR per cycle; 10 ms budget per 100 ms window = 4 cycles per window.
    let protection = IRProtection(maxDutyCycle: 0.1, windowMs: 100, maxDelayMs: 5)

    func makeSequencer(timings: SequencerTimings? = nil, protection: IRProtection? = nil) throws -> CaptureSequencer {
        let chip = try gpio.openChip("gpiochip0")
        let trigger = try chip.requestOutput(0, settings: .init(consumer: "trigger"), initiallyActive: false)
        let ir = [
            try chip.requestOutput(1, settings: .init(consumer: "ir0", activeLow: true), initiallyActive: false),
            try chip.requestOutput(2, settings: .init(consumer: "ir1"), initiallyActive: false),
        ]
        return CaptureSequencer(trigger: trigger, ir: ir, timings: timings ?? self.timings,
                                protection: protection ?? self.protection, clock: clock, gate: gate)
    }

    /// Output changes after the initial requests, as (line, active, microseconds from `origin`).
    func changes(since origin: MonotonicInstant) -> [(Int, Bool, Int64)] {
        gpio.outputChanges.filter { $0.at >= origin }.map { ($0.line, $0.active, ($0.at - origin).totalNanoseconds / 1000) }
    }

    func testCycleDrivesLinesInOrderWithBoardTimings() async throws {
        let sequencer = try makeSequencer()
        let start = clock.now()
        let outcome = try await sequencer.runCycle()
        guard case .captured(let record) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(record.triggerRise - record.irOn, .microseconds(500))
        XCTAssertEqual(record.triggerFall - record.triggerRise, .microseconds(100))
        XCTAssertEqual(record.irOff - record.triggerRise, .microseconds(2000))
        let log = changes(since: start).suffix(6)
        XCTAssertEqual(log.map { $0.0 }, [1, 2, 0, 0, 1, 2])
        XCTAssertEqual(log.map { $0.1 }, [true, true, true, false, false, false])
        XCTAssertEqual(log.map { $0.2 }, [0, 0, 500, 600, 2500, 2500])
        XCTAssertTrue(gpio.level(chip: "gpiochip0", line: 1), "active-low IR line rests high (off)")
        let counters = await sequencer.counters
        XCTAssertEqual(counters.captured, 1)
    }

    func testTriggerLongerThanExposureStillEndsWithBothOff() async throws {
        let sequencer = try makeSequencer(timings: SequencerTimings(irLeadUs: 0, triggerWidthUs: 3000, exposureUs: 1000))
        guard case .captured(let record) = try await sequencer.runCycle() else { return XCTFail() }
        XCTAssertEqual(record.irOff - record.triggerRise, .microseconds(1000))
        XCTAssertEqual(record.triggerFall - record.triggerRise, .microseconds(3000))
        XCTAssertFalse(gpio.level(chip: "gpiochip0", line: 0))
        XCTAssertFalse(gpio.level(chip: "gpiochip0", line: 2))
    }

    /// Replays the recorded IR edges and measures the worst sliding window independently.
    func maxIROnTimeInAnyWindow(_ window: Duration) -> Duration {
        var intervals: [(MonotonicInstant, MonotonicInstant)] = []
        var onSince: MonotonicInstant?
        for change in gpio.outputChanges where change.line == 2 {
            if change.active, onSince == nil { onSince = change.at }
            if !change.active, let since = onSince { intervals.append((since, change.at)); onSince = nil }
        }
        // The maximum is reached by a window ending at some interval's end.
        var worst = Duration.zero
        for (_, end) in intervals {
            let from = end - window
            var total = Duration.zero
            for (a, b) in intervals where b > from && a < end { total += min(b, end) - max(a, from) }
            worst = max(worst, total)
        }
        return worst
    }

    func testBurstOfPresenceEventsNeverExceedsTheDutyCycle() async throws {
        let sequencer = try makeSequencer()
        let start = clock.now()
        var captured = 0
        // 400 presence events, one every 1.3 ms, far more than the budget allows.
        for _ in 0..<400 {
            if case .captured = try await sequencer.runCycle() { captured += 1 }
            clock.advance(by: .microseconds(1300))
        }
        XCTAssertLessThanOrEqual(maxIROnTimeInAnyWindow(.milliseconds(100)), .milliseconds(10))
        let counters = await sequencer.counters
        XCTAssertEqual(counters.captured, captured)
        XCTAssertGreaterThan(counters.skippedForDutyCycle, 0)
        XCTAssertGreaterThan(counters.delayedForDutyCycle, 0)
        XCTAssertEqual(counters.captured + counters.skippedForDutyCycle, 400)
        // The budget is used, not just respected: at most 4 cycles fit in each window, and
        // with a short delay allowance at least 3 do.
        let windows = Int((clock.now() - start) / .milliseconds(100)) + 1
        XCTAssertLessThanOrEqual(captured, 4 * windows)
        XCTAssertGreaterThanOrEqual(captured, 3 * (windows - 1))
    }

    func testDelayedCycleWaitsForTheBudgetAndIsCounted() async throws {
        // Budget 10 ms, so after 4 back-to-back cycles the fifth must wait.
        let sequencer = try makeSequencer(protection: IRProtection(maxDutyCycle: 0.1, windowMs: 100, maxDelayMs: 100))
        for _ in 0..<4 { guard case .captured = try await sequencer.runCycle() else { return XCTFail() } }
        let asked = clock.now()
        guard case .captured(let fifth) = try await sequencer.runCycle() else { return XCTFail() }
        XCTAssertGreaterThan(fifth.irOn, asked)
        XCTAssertEqual(fifth.delayed, fifth.irOn - asked)
        let delayed = await sequencer.counters.delayedForDutyCycle
        XCTAssertEqual(delayed, 1)
        XCTAssertLessThanOrEqual(maxIROnTimeInAnyWindow(.milliseconds(100)), .milliseconds(10))
    }

    func testClosedGateKeepsIROffAndCounts() async throws {
        let sequencer = try makeSequencer()
        gate.set(false)
        let outcome = try await sequencer.runCycle()
        XCTAssertEqual(outcome, .notAllowed)
        XCTAssertFalse(gpio.outputChanges.contains { $0.active })
        let counters = await sequencer.counters
        XCTAssertEqual(counters.notAllowed, 1)
        XCTAssertEqual(counters.captured, 0)
    }

    func testConcurrentRequestsAreCoalesced() async throws {
        let sequencer = try makeSequencer()
        // A clock that suspends lets the second request arrive while the first is mid-cycle.
        let outcomes = await withTaskGroup(of: CaptureSequencer.Outcome?.self) { group in
            for _ in 0..<3 { group.addTask { try? await sequencer.runCycle() } }
            var all: [CaptureSequencer.Outcome?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let counters = await sequencer.counters
        XCTAssertEqual(counters.captured + counters.coalesced, 3)
        XCTAssertEqual(outcomes.filter { if case .captured = $0 { true } else { false } }.count, counters.captured)
        XCTAssertGreaterThanOrEqual(counters.captured, 1)
    }

    func testShutdownTurnsIROffAndRefusesFurtherCycles() async throws {
        let sequencer = try makeSequencer()
        _ = try await sequencer.runCycle()
        await sequencer.shutdown()
        XCTAssertTrue(gpio.level(chip: "gpiochip0", line: 1), "active-low IR off = high")
        XCTAssertFalse(gpio.level(chip: "gpiochip0", line: 2))
        XCTAssertNil(gpio.consumer(chip: "gpiochip0", line: 2), "lines released")
        let outcome = try await sequencer.runCycle()
        XCTAssertEqual(outcome, .notAllowed)
    }

    func testFailingLineLeavesIROff() async throws {
        let chip = try gpio.openChip("gpiochip0")
        let trigger = try chip.requestOutput(0, settings: .init(consumer: "trigger"), initiallyActive: false)
        let ir = try chip.requestOutput(2, settings: .init(consumer: "ir"), initiallyActive: false)
        trigger.release()  // the trigger write will fail mid-cycle
        let sequencer = CaptureSequencer(trigger: trigger, ir: [ir], timings: timings, protection: protection, clock: clock, gate: gate)
        do {
            _ = try await sequencer.runCycle()
            XCTFail("expected the released trigger to fail")
        } catch {
            XCTAssertEqual(error, .lineReleased(chip: "gpiochip0", line: 0))
        }
        XCTAssertFalse(try ir.isActive())
        let failed = await sequencer.counters.failed
        XCTAssertEqual(failed, 1)
    }
}
