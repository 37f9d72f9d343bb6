import XCTest
@testable import MilepostRecognition

final class FixedPointTests: XCTestCase {
    func testDoublingHighMulRoundsHalfUpLikeGemmlowp() {
        // 2 * a * b / 2^32 with a = 2^30: exactly b / 2.
        XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, 3), 2)    // 1.5 -> 2
        XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, -3), -1)  // -1.5 -> -1
        XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, -5), -2)  // -2.5 -> -2
        XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, -7), -3)  // -3.5 -> -3
        XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, 5), 3)    // 2.5 -> 3
        XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(Int32.min, Int32.min), Int32.max)
    }

    func testRoundingDivideByPowerOfTwoRoundsHalfAwayFromZero() {
        XCTAssertEqual(FixedPoint.roundingDivideByPowerOfTwo(5, 1), 3)
        XCTAssertEqual(FixedPoint.roundingDivideByPowerOfTwo(-5, 1), -3)
        XCTAssertEqual(FixedPoint.roundingDivideByPowerOfTwo(4, 2), 1)
        XCTAssertEqual(FixedPoint.roundingDivideByPowerOfTwo(6, 2), 2)
        XCTAssertEqual(FixedPoint.roundingDivideByPowerOfTwo(-6, 2), -2)
        XCTAssertEqual(FixedPoint.roundingDivideByPowerOfTwo(-7, 2), -2)
        XCTAssertEqual(FixedPoint.roundingDivideByPowerOfTwo(7, 0), 7)
    }

    func testMultiplierAppliesScale() {
        // 0.75 = (3 * 2^29) * 2^(0 - 31)
        let threeQuarters = QuantizedMultiplier(multiplier: 3 << 29, shift: 0)!
        XCTAssertEqual(threeQuarters.apply(100), 75)
        XCTAssertEqual(threeQuarters.apply(-2), -1)  // -1.5 -> -1 (ties go up in the high multiply)
        // 0.375 = 0.75 * 2^-1
        XCTAssertEqual(QuantizedMultiplier(multiplier: 3 << 29, shift: -1)!.apply(100), 38)  // 37.5 -> 38
        // 3.0 = 0.75 * 2^2
        XCTAssertEqual(QuantizedMultiplier(multiplier: 3 << 29, shift: 2)!.apply(7), 21)
    }

    func testMultiplierRejectsOutOfRangeValues() {
        XCTAssertNil(QuantizedMultiplier(multiplier: 1 << 29, shift: 0))
        XCTAssertNil(QuantizedMultiplier(multiplier: 1 << 30, shift: -31))
        XCTAssertNil(QuantizedMultiplier(multiplier: 1 << 30, shift: 9))
        XCTAssertNotNil(QuantizedMultiplier(multiplier: 0, shift: 0))
    }
}
