/// Geometry of a 2-D convolution or pooling window. Padding is symmetric (PyTorch style):
/// `output = (input + 2 * pad - kernel) / stride + 1`, and padded cells read as zero.
public struct WindowGeometry: Equatable, Sendable {
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let strideY: Int
    public let strideX: Int
    public let padY: Int
    public let padX: Int

    public init(kernelHeight: Int, kernelWidth: Int, strideY: Int = 1, strideX: Int = 1, padY: Int = 0, padX: Int = 0) {
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideY = strideY
        self.strideX = strideX
        self.padY = padY
        self.padX = padX
    }

    public var isValid: Bool {
        kernelHeight > 0 && kernelWidth > 0 && strideY > 0 && strideX > 0
            && padY >= 0 && padX >= 0 && padY < kernelHeight && padX < kernelWidth
    }

    /// Output height and width, or nil when the window does not fit the input.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
        let h = height + 2 * padY - kernelHeight
        let w = width + 2 * padX - kernelWidth
        guard h >= 0, w >= 0 else { return nil }
        return (h / strideY + 1, w / strideX + 1)
    }
}

/// An int8 convolution with per-output-channel weights scale, int32 bias and a fused clamp
/// (a ReLU is a clamp to `0...127`). Weights are stored `[out][ky][kx][in]`.
public struct Conv2DLayer: Sendable {
    public let inputChannels: Int
    public let outputChannels: Int
    public let geometry: WindowGeometry
    public let weights: [Int8]
    public let bias: [Int32]
    public let multipliers: [QuantizedMultiplier]
    public let outputMin: Int8
    public let outputMax: Int8
    /// The optimised kernel's weights: pairs of taps widened to int16, packed as
    /// `milepost_conv2d_s8` reads them (see `PairPackedWeights`).
    let pairPacked: [Int16]
    /// `bias` and `multipliers` (split in two) for the C kernel, padded with zeros to whole
    /// blocks of output channels.
    let paddedBias: [Int32]
    let multiplierValues: [Int32]
    let multiplierShifts: [Int32]

    public init(inputChannels: Int, outputChannels: Int, geometry: WindowGeometry, weights: [Int8],
                bias: [Int32], multipliers: [QuantizedMultiplier], outputMin: Int8, outputMax: Int8) {
        precondition(weights.count == outputChannels * geometry.kernelHeight * geometry.kernelWidth * inputChannels)
        precondition(bias.count == outputChannels && multipliers.count == outputChannels)
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.geometry = geometry
        self.weights = weights
        self.bias = bias
        self.multipliers = multipliers
        self.outputMin = outputMin
        self.outputMax = outputMax
        pairPacked = PairPackedWeights.pack(weights, outputChannels: outputChannels, inputChannels: inputChannels,
                                            kernelHeight: geometry.kernelHeight, kernelWidth: geometry.kernelWidth)
        let padding = [Int32](repeating: 0, count: PairPackedWeights.paddedChannels(outputChannels) - outputChannels)
        paddedBias = bias + padding
        multiplierValues = multipliers.map(\.multiplier) + padding
        multiplierShifts = multipliers.map(\.shift) + padding
    }
}

/// Max-pooling window (no padding).
public struct MaxPoolLayer: Equatable, Sendable {
    public let geometry: WindowGeometry

    public init(kernel: Int, stride: Int) {
        geometry = WindowGeometry(kernelHeight: kernel, kernelWidth: kernel, strideY: stride, strideX: stride)
    }

    public init(geometry: WindowGeometry) {
        self.geometry = geometry
    }
}

/// A fully connected layer: `[out][in]` int8 weights, per-output scale, fused clamp.
public struct DenseLayer: Sendable {
    public let inputs: Int
    public let outputs: Int
    public let weights: [Int8]
    public let bias: [Int32]
    public let multipliers: [QuantizedMultiplier]
    public let outputMin: Int8
    public let outputMax: Int8

    public init(inputs: Int, outputs: Int, weights: [Int8], bias: [Int32],
                multipliers: [QuantizedMultiplier], outputMin: Int8, outputMax: Int8) {
        precondition(weights.count == inputs * outputs && bias.count == outputs && multipliers.count == outputs)
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
        self.multipliers = multipliers
        self.outputMin = outputMin
        self.outputMax = outputMax
    }
}

/// Element-wise addition of two int8 tensors with different scales (TFLite's scheme with
/// zero points 0): both inputs are shifted left by `leftShift`, rescaled to a common scale,
/// summed, and rescaled to the output scale.
public struct AddParameters: Equatable, Sendable {
    public let leftShift: Int32
    public let input1: QuantizedMultiplier
    public let input2: QuantizedMultiplier
    public let output: QuantizedMultiplier
    public let outputMin: Int8
    public let outputMax: Int8

    public init(leftShift: Int32 = 20, input1: QuantizedMultiplier, input2: QuantizedMultiplier,
                output: QuantizedMultiplier, outputMin: Int8 = -128, outputMax: Int8 = 127) {
        self.leftShift = leftShift
        self.input1 = input1
        self.input2 = input2
        self.output = output
        self.outputMin = outputMin
        self.outputMax = outputMax
    }
}
