import MilepostCore
@testable import MilepostRecognition

/// SplitMix64: a small deterministic generator so random kernel tests are reproducible.
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func int8s(_ count: Int, sparsity: Int = 0) -> [Int8] {
        (0..<count).map { _ in int(0...99) < sparsity ? 0 : Int8(truncatingIfNeeded: next()) }
    }

    mutating func multiplier() -> QuantizedMultiplier {
        QuantizedMultiplier(multiplier: Int32(int((1 << 30)...Int(Int32.max))), shift: Int32(int(-14 ... -4)))!
    }

    /// Any valid multiplier, zero and left shifts included (so the kernels' whole
    /// requantization range is compared, wrapping left shifts too).
    mutating func anyMultiplier() -> QuantizedMultiplier {
        if int(0...9) == 0 { return QuantizedMultiplier(multiplier: 0, shift: 0)! }
        let shift = Int32(int(Int(QuantizedMultiplier.shiftRange.lowerBound)...Int(QuantizedMultiplier.shiftRange.upperBound)))
        return QuantizedMultiplier(multiplier: Int32(int((1 << 30)...Int(Int32.max))), shift: shift)!
    }

    mutating func convLayer(cin: Int, cout: Int, kh: Int, kw: Int, stride: Int, pad: Int, relu: Bool) -> Conv2DLayer {
        let geometry = WindowGeometry(kernelHeight: kh, kernelWidth: kw, strideY: stride, strideX: stride, padY: pad, padX: pad)
        return Conv2DLayer(
            inputChannels: cin, outputChannels: cout, geometry: geometry,
            weights: int8s(cout * kh * kw * cin).map { $0 == -128 ? -127 : $0 },
            bias: (0..<cout).map { _ in Int32(int(-20000...20000)) },
            multipliers: (0..<cout).map { _ in int(0...3) == 0 ? anyMultiplier() : multiplier() },
            outputMin: relu ? 0 : -128, outputMax: 127)
    }

    mutating func image(width: Int, height: Int) -> LumaImage {
        LumaImage(width: width, height: height, pixels: (0..<width * height).map { _ in UInt8(truncatingIfNeeded: next()) })
    }
}
