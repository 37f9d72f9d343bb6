/// A real-valued scale in the TensorFlow Lite integer form: `multiplier * 2^(shift - 31)`.
///
/// Rounding variant (the only one used anywhere in this module): TFLite's
/// `SaturatingRoundingDoublingHighMul` (high 32 bits of the doubled 64-bit product, ties
/// rounded toward +infinity, as gemmlowp does) followed by `RoundingDivideByPOT` (ties
/// rounded away from zero on the right shift). This is TFLite's default
/// `MultiplyByQuantizedMultiplier`, not the single-rounding variant. Zero points are 0 everywhere: weights and activations are symmetric.
public struct QuantizedMultiplier: Equatable, Sendable {
    /// In `[2^30, 2^31)`, or 0 for a zero scale.
    public let multiplier: Int32
    /// Positive: shift left before the multiply. Negative: rounding shift right after it.
    public let shift: Int32

    /// Range accepted by `init`: a left shift that can keep int32 accumulators in range,
    /// and a right shift that `roundingDivideByPowerOfTwo` can do without overflow.
    public static let shiftRange: ClosedRange<Int32> = -30...8

    public init?(multiplier: Int32, shift: Int32) {
        guard Self.shiftRange.contains(shift),
              multiplier == 0 || multiplier >= (1 << 30)
        else { return nil }
        self.multiplier = multiplier
        self.shift = shift
    }

    /// `x * real scale`, rounded as described on the type.
    @inline(__always)
    public func apply(_ x: Int32) -> Int32 {
        let leftShift = shift > 0 ? shift : 0
        let rightShift = shift > 0 ? 0 : -shift
        return FixedPoint.roundingDivideByPowerOfTwo(
            FixedPoint.saturatingRoundingDoublingHighMul(x &<< leftShift, multiplier),
            rightShift
        )
    }
}

public enum FixedPoint {
    /// High 32 bits of `2 * a * b`, ties rounded toward +infinity, saturating the one
    /// overflowing case (`Int32.min * Int32.min`).
    @inline(__always)
    public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == b && a == Int32.min { return Int32.max }
        let product = Int64(a) * Int64(b)
        let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
        // Swift's `/` truncates toward zero, as C++ does in the TFLite original.
        return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
    }

    /// `x / 2^exponent` rounded half away from zero; `exponent` in 0...30.
    @inline(__always)
    public static func roundingDivideByPowerOfTwo(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask: Int32 = (1 << exponent) &- 1
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }

    /// Clamp an int32 into `[low, high]` and narrow it to int8.
    @inline(__always)
    public static func clampToInt8(_ x: Int32, _ low: Int8, _ high: Int8) -> Int8 {
        Int8(truncatingIfNeeded: min(max(x, Int32(low)), Int32(high)))
    }
}
