import XCTest
@testable import MilepostHardware

final class IRDutyLimiterTests: XCTestCase {
    let protection = IRProtection(maxDutyCycle: 0.1, windowMs: 1000, maxDelayMs: 0)  // 100 ms per second
    let t0 = MonotonicInstant(nanoseconds: 5_000_000_000)

    func testEmptyHistoryAllowsAtOnceAndRefusesOverlongCycles() {
        let limiter = IRDutyLimiter(protection: protection)
        XCTAssertEqual(limiter.earliestStart(onTime: .milliseconds(100), notBefore: t0), t0)
        XCTAssertNil(limiter.earliestStart(onTime: .milliseconds(101), notBefore: t0))
    }

    func testWaitsUntilEnoughOnTimeHasLeftTheWindow() {
        var limiter = IRDutyLimiter(protection: protection)
        limiter.record(from: t0, to: t0 + .milliseconds(60))
        limiter.record(from: t0 + .milliseconds(200), to: t0 + .milliseconds(230))
        // 90 ms used; a 20 ms cycle needs 10 ms of the first interval to have left the window.
        let now = t0 + .milliseconds(300)
        let start = limiter.earliestStart(onTime: .milliseconds(20), notBefore: now)
        // Window [start + 20 - 1000, start] must begin at t0 + 10 ms.
        XCTAssertEqual(start, t0 + .milliseconds(10) + .milliseconds(1000) - .milliseconds(20))
        // And at that start, the window ending after the cycle holds exactly the budget.
        let end = start! + .milliseconds(20)
        XCTAssertEqual(limiter.onTime(from: end - .milliseconds(1000), to: start!) + .milliseconds(20), .milliseconds(100))
    }

    func testOldIntervalsArePruned() {
        var limiter = IRDutyLimiter(protection: protection)
        limiter.record(from: t0, to: t0 + .milliseconds(50))
        limiter.record(from: t0 + .seconds(3), to: t0 + .seconds(3) + .milliseconds(10))
        XCTAssertEqual(limiter.intervals.count, 1)
    }
}
