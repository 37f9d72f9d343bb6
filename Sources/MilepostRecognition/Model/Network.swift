import MilepostCore

/// Which implementation of the kernels a network runs on. All give identical results.
public enum KernelChoice: Equatable, Sendable {
    case reference
    /// The optimised kernels, with the fastest convolution this CPU runs.
    case optimised
    /// The optimised kernels with a given convolution (benchmarks compare them).
    case optimisedWith(ConvolutionInstructionSet)
}

public enum NetworkLayer: Sendable {
    case conv(Conv2DLayer)
    case maxPool(MaxPoolLayer)
}

/// A feed-forward stack of int8 layers. The input is `pixel - 128` (scale 1/128).
public struct Network: Sendable {
    public let layers: [NetworkLayer]

    public init(layers: [NetworkLayer]) {
        self.layers = layers
    }

    /// Output shape for an input shape, or a description of the first layer that does not fit.
    public func outputShape(height: Int, width: Int, channels: Int) -> Result<(Int, Int, Int), ShapeError> {
        var (h, w, c) = (height, width, channels)
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .conv(let conv):
                guard conv.inputChannels == c else {
                    return .failure(ShapeError(layer: index, reason: "expects \(conv.inputChannels) input channels, gets \(c)"))
                }
                guard let size = conv.geometry.outputSize(height: h, width: w) else {
                    return .failure(ShapeError(layer: index, reason: "window does not fit a \(h)x\(w) input"))
                }
                (h, w, c) = (size.height, size.width, conv.outputChannels)
            case .maxPool(let pool):
                guard let size = pool.geometry.outputSize(height: h, width: w) else {
                    return .failure(ShapeError(layer: index, reason: "window does not fit a \(h)x\(w) input"))
                }
                (h, w) = (size.height, size.width)
            }
        }
        return .success((h, w, c))
    }

    public struct ShapeError: Error, Equatable {
        public let layer: Int
        public let reason: String
    }

    public func run(_ image: LumaImage, kernels: KernelChoice = .optimised) -> Int8Tensor {
        run(Self.inputTensor(image), kernels: kernels)
    }

    public func run(_ input: Int8Tensor, kernels: KernelChoice = .optimised) -> Int8Tensor {
        var t = input
        for layer in layers {
            switch (layer, kernels) {
            case (.conv(let conv), .reference): t = ReferenceKernels.conv2d(t, conv)
            case (.conv(let conv), .optimised): t = OptimisedKernels.conv2d(t, conv)
            case (.conv(let conv), .optimisedWith(let instructionSet)): t = OptimisedKernels.conv2d(t, conv, instructionSet: instructionSet)
            case (.maxPool(let pool), .reference): t = ReferenceKernels.maxPool(t, pool)
            case (.maxPool(let pool), .optimised), (.maxPool(let pool), .optimisedWith): t = OptimisedKernels.maxPool(t, pool)
            }
        }
        return t
    }

    /// The network's int8 input: `pixel - 128`, which is the pixel's bit pattern with the top
    /// bit flipped (a loop the compiler vectorises).
    public static func inputTensor(_ image: LumaImage) -> Int8Tensor {
        let values = [Int8](unsafeUninitializedCapacity: image.pixels.count) { destination, count in
            image.pixels.withUnsafeBufferPointer { source in
                for i in 0..<source.count { destination[i] = Int8(bitPattern: source[i] ^ 0x80) }
            }
            count = image.pixels.count
        }
        return Int8Tensor(height: image.height, width: image.width, channels: 1, values: values)
    }
}
