/// Per-output-channel `QuantizedMultiplier`s laid out for a tight loop: the same arithmetic
/// as `QuantizedMultiplier.apply` (bit-exact), with the shift split and the rounding mask
/// precomputed, and without the saturation test of the high multiply, which cannot fire
/// because a multiplier is never `Int32.min` (it is 0 or in `[2^30, 2^31)`).
struct ChannelRequantization: Sendable {
    let multipliers: [Int64]
    let leftShifts: [Int32]
    let rightShifts: [Int32]
    let masks: [Int32]

    init(_ channels: [QuantizedMultiplier]) {
        multipliers = channels.map { Int64($0.multiplier) }
        leftShifts = channels.map { $0.shift > 0 ? $0.shift : 0 }
        rightShifts = channels.map { $0.shift > 0 ? 0 : -$0.shift }
        masks = rightShifts.map { (1 << $0) &- 1 }
    }

    /// Raw views of the tables, taken once per layer, for the per-pixel loop.
    struct Tables {
        let multipliers: UnsafePointer<Int64>
        let leftShifts: UnsafePointer<Int32>
        let rightShifts: UnsafePointer<Int32>
        let masks: UnsafePointer<Int32>

        /// Requantises `count` accumulators and clamps them into `[low, high]`.
        @inline(__always)
        func apply(_ accumulators: UnsafePointer<Int32>, count: Int, low: Int8, high: Int8, into output: UnsafeMutablePointer<Int8>) {
            let lo = Int32(low), hi = Int32(high)
            for c in 0..<count {
                let product = Int64(accumulators[c] &<< leftShifts[c]) &* multipliers[c]
                let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
                let x = Int32(truncatingIfNeeded: (product &+ nudge) / (1 << 31))
                let threshold = (masks[c] >> 1) &+ (x < 0 ? 1 : 0)
                let y = (x >> rightShifts[c]) &+ ((x & masks[c]) > threshold ? 1 : 0)
                output[c] = Int8(truncatingIfNeeded: min(max(y, lo), hi))
            }
        }
    }

    func withTables<R>(_ body: (Tables) -> R) -> R {
        multipliers.withUnsafeBufferPointer { m in
            leftShifts.withUnsafeBufferPointer { left in
                rightShifts.withUnsafeBufferPointer { right in
                    masks.withUnsafeBufferPointer { mask in
                        body(Tables(multipliers: m.baseAddress!, leftShifts: left.baseAddress!,
                                    rightShifts: right.baseAddress!, masks: mask.baseAddress!))
                    }
                }
            }
        }
    }
}
