import MilepostCore
import CMilepostKernels

/// Optimised kernels, bit-exact to `ReferenceKernels` (the tests compare them with
/// tolerance 0). The convolution is C (`Sources/CMilepostKernels`): activation pairs times
/// weight pairs with pmaddwd (SSE2, or AVX2 where the CPU has it, with vector requantization), zero pairs
/// skipped; a plain C version serves other CPUs (`ConvolutionInstructionSet`). The
/// others vectorise across channels with Swift SIMD types.
public enum OptimisedKernels {
    /// `instructionSet` must be one of `ConvolutionInstructionSet.supported`.
    public static func conv2d(_ input: Int8Tensor, _ layer: Conv2DLayer,
                              instructionSet: ConvolutionInstructionSet = .best) -> Int8Tensor {
        let g = layer.geometry
        precondition(input.channels == layer.inputChannels)
        guard let size = g.outputSize(height: input.height, width: input.width) else {
            preconditionFailure("convolution window larger than input")
        }
        var shape = milepost_conv_shape(
            inputHeight: Int32(input.height), inputWidth: Int32(input.width), inputChannels: Int32(input.channels),
            outputHeight: Int32(size.height), outputWidth: Int32(size.width), outputChannels: Int32(layer.outputChannels),
            kernelHeight: Int32(g.kernelHeight), kernelWidth: Int32(g.kernelWidth),
            strideY: Int32(g.strideY), strideX: Int32(g.strideX), padY: Int32(g.padY), padX: Int32(g.padX),
            outputMin: layer.outputMin, outputMax: layer.outputMax)
        // The C kernel writes every element of both buffers, so neither is zero-filled first.
        var status: Int32 = 0
        var scratch = [Int16](unsafeUninitializedCapacity: Int(milepost_conv2d_scratch_count(&shape))) { buffer, count in
            count = buffer.count
        }
        let outputCount = size.height * size.width * layer.outputChannels
        let values = [Int8](unsafeUninitializedCapacity: outputCount) { destination, count in
            var accumulators = [Int32](repeating: 0, count: PairPackedWeights.paddedChannels(layer.outputChannels))
            status = input.values.withUnsafeBufferPointer { source in
                milepost_conv2d_s8(&shape, instructionSet.cValue, source.baseAddress, layer.pairPacked, layer.paddedBias,
                                   layer.multiplierValues, layer.multiplierShifts,
                                   destination.baseAddress, &scratch, &accumulators)
            }
            count = status == 0 ? outputCount : 0
        }
        precondition(status == 0, "this CPU lacks \(instructionSet)")
        return Int8Tensor(height: size.height, width: size.width, channels: layer.outputChannels, values: values)
    }

    public static func maxPool(_ input: Int8Tensor, _ layer: MaxPoolLayer) -> Int8Tensor {
        let g = layer.geometry
        guard let size = g.outputSize(height: input.height, width: input.width) else {
            preconditionFailure("pooling window larger than input")
        }
        let c = input.channels
        var output = Int8Tensor(height: size.height, width: size.width, channels: c)
        let vectorEnd = c - c % 16
        input.values.withUnsafeBufferPointer { src in
            output.values.withUnsafeMutableBufferPointer { dst in
                let base = UnsafeRawPointer(src.baseAddress!)
                let out = UnsafeMutableRawPointer(dst.baseAddress!)
                for oy in 0..<size.height {
                    for ox in 0..<size.width {
                        let o = (oy * size.width + ox) * c
                        var ch = 0
                        while ch < vectorEnd {
                            var best = SIMD16<Int8>(repeating: .min)
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    let i = ((oy * g.strideY + ky) * input.width + ox * g.strideX + kx) * c + ch
                                    best = pointwiseMax(best, (base + i).loadUnaligned(as: SIMD16<Int8>.self))
                                }
                            }
                            (out + o + ch).storeBytes(of: best, as: SIMD16<Int8>.self)
                            ch += 16
                        }
                        while ch < c {
                            var best = Int8.min
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    best = max(best, src[((oy * g.strideY + ky) * input.width + ox * g.strideX + kx) * c + ch])
                                }
                            }
                            dst[o + ch] = best
                            ch += 1
                        }
                    }
                }
            }
        }
        return output
    }

    public static func clamp(_ input: [Int8], min low: Int8, max high: Int8) -> [Int8] {
        var out = input
        let lowV = SIMD16<Int8>(repeating: low), highV = SIMD16<Int8>(repeating: high)
        let vectorEnd = input.count - input.count % 16
        out.withUnsafeMutableBufferPointer { buffer in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress)
            var i = 0
            while i < vectorEnd, let raw {
                let v = (raw + i).loadUnaligned(as: SIMD16<Int8>.self)
                (raw + i).storeBytes(of: pointwiseMin(pointwiseMax(v, lowV), highV), as: SIMD16<Int8>.self)
                i += 16
            }
            while i < buffer.count {
                buffer[i] = Swift.min(Swift.max(buffer[i], low), high)
                i += 1
            }
        }
        return out
    }

    public static func add(_ a: [Int8], _ b: [Int8], _ p: AddParameters) -> [Int8] {
        precondition(a.count == b.count)
        // 256-entry tables of each input's rescaled value remove two multiplies per element.
        var table1 = [Int32](repeating: 0, count: 256), table2 = [Int32](repeating: 0, count: 256)
        for v in -128...127 {
            table1[v + 128] = p.input1.apply(Int32(v) << p.leftShift)
            table2[v + 128] = p.input2.apply(Int32(v) << p.leftShift)
        }
        var out = [Int8](repeating: 0, count: a.count)
        table1.withUnsafeBufferPointer { t1 in
            table2.withUnsafeBufferPointer { t2 in
                for i in 0..<a.count {
                    let sum = t1[Int(a[i]) + 128] &+ t2[Int(b[i]) + 128]
                    out[i] = FixedPoint.clampToInt8(p.output.apply(sum), p.outputMin, p.outputMax)
                }
            }
        }
        return out
    }

    public static func dense(_ input: [Int8], _ layer: DenseLayer) -> [Int8] {
        precondition(input.count == layer.inputs)
        var out = [Int8](repeating: 0, count: layer.outputs)
        let n = layer.inputs
        let vectorEnd = n - n % 16
        input.withUnsafeBufferPointer { x in
            layer.weights.withUnsafeBufferPointer { w in
                let xRaw = UnsafeRawPointer(x.baseAddress!), wRaw = UnsafeRawPointer(w.baseAddress!)
                for o in 0..<layer.outputs {
                    var sum = SIMD16<Int32>(repeating: 0)
                    var i = 0
                    while i < vectorEnd {
                        let xv = SIMD16<Int32>(truncatingIfNeeded: (xRaw + i).loadUnaligned(as: SIMD16<Int8>.self))
                        let wv = SIMD16<Int32>(truncatingIfNeeded: (wRaw + o * n + i).loadUnaligned(as: SIMD16<Int8>.self))
                        sum &+= xv &* wv
                        i += 16
                    }
                    var acc = layer.bias[o] &+ sum.wrappedSum()
                    while i < n {
                        acc = acc &+ Int32(x[i]) * Int32(w[o * n + i])
                        i += 1
                    }
                    out[o] = FixedPoint.clampToInt8(layer.multipliers[o].apply(acc), layer.outputMin, layer.outputMax)
                }
            }
        }
        return out
    }

    /// Separable bilinear resampling: the column taps are computed once, each output row
    /// interpolates two source rows horizontally (unrounded, Q8) and then vertically.
    public static func resize(_ image: LumaImage, source: PixelBox, width: Int, height: Int) -> LumaImage {
        if source == PixelBox(x: 0, y: 0, width: 2 * width, height: 2 * height), 2 * width <= image.width, 2 * height <= image.height {
            return halve(image, width: width, height: height)
        }
        var x0s = [Int](repeating: 0, count: width), x1s = x0s
        var fxs = [Int32](repeating: 0, count: width)
        for ox in 0..<width {
            let sx = Resampling.sourceCoordinate(out: ox, outSize: width, origin: source.x, span: source.width)
            (x0s[ox], x1s[ox], fxs[ox]) = Resampling.taps(sx, limit: image.width)
        }
        var out = [UInt8](repeating: 0, count: width * height)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for oy in 0..<height {
                    let sy = Resampling.sourceCoordinate(out: oy, outSize: height, origin: source.y, span: source.height)
                    let (y0, y1, fy) = Resampling.taps(sy, limit: image.height)
                    let row0 = y0 * image.width, row1 = y1 * image.width
                    for ox in 0..<width {
                        let fx = fxs[ox], x0 = x0s[ox], x1 = x1s[ox]
                        let top = Int32(src[row0 + x0]) * (256 - fx) + Int32(src[row0 + x1]) * fx
                        let bottom = Int32(src[row1 + x0]) * (256 - fx) + Int32(src[row1 + x1]) * fx
                        dst[oy * width + ox] = UInt8(truncatingIfNeeded: (top * (256 - fy) + bottom * fy + 32768) >> 16)
                    }
                }
            }
        }
        return LumaImage(width: width, height: height, pixels: out)
    }

    /// `ReferenceKernels.resizeFiltered` as two passes: each source row the output needs is
    /// filtered horizontally once (Q6, int32), then the rows are combined vertically.
    public static func resizeFiltered(_ image: LumaImage, source: PixelBox, width: Int, height: Int) -> LumaImage {
        let columns = TriangleFilter.taps(outSize: width, origin: source.x, span: source.width, limit: image.width)
        let rows = TriangleFilter.taps(outSize: height, origin: source.y, span: source.height, limit: image.height)
        let firstRow = rows.map(\.first).min() ?? 0
        let lastRow = rows.map { $0.first + $0.weights.count - 1 }.max() ?? -1
        guard lastRow >= firstRow else { return LumaImage(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height)) }
        // Flattened column taps: weights padded to the widest tap count with zeros.
        let span = columns.map(\.weights.count).max() ?? 1
        var starts = [Int](repeating: 0, count: width)
        var weights = [Int32](repeating: 0, count: width * span)
        for (ox, t) in columns.enumerated() {
            starts[ox] = min(t.first, image.width - span)  // taps never outnumber the image's columns
            let shift = t.first - starts[ox]
            for (i, w) in t.weights.enumerated() { weights[ox * span + shift + i] = w }
        }
        var filtered = [Int32](repeating: 0, count: (lastRow - firstRow + 1) * width)
        image.pixels.withUnsafeBufferPointer { src in
            weights.withUnsafeBufferPointer { w in
                filtered.withUnsafeMutableBufferPointer { f in
                    for y in firstRow...lastRow {
                        let row = y * image.width, outRow = (y - firstRow) * width
                        for ox in 0..<width {
                            var sum: Int32 = 0
                            let base = row + starts[ox], wb = ox * span
                            for i in 0..<span { sum &+= w[wb + i] &* Int32(src[base + i]) }
                            f[outRow + ox] = (sum &+ 128) >> 8
                        }
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: width * height)
        filtered.withUnsafeBufferPointer { f in
            out.withUnsafeMutableBufferPointer { dst in
                var acc = [Int32](repeating: 0, count: width)
                for oy in 0..<height {
                    for ox in 0..<width { acc[ox] = 1 << 19 }
                    for (j, wy) in rows[oy].weights.enumerated() {
                        let r = (rows[oy].first + j - firstRow) * width
                        for ox in 0..<width { acc[ox] &+= wy &* f[r + ox] }
                    }
                    for ox in 0..<width { dst[oy * width + ox] = UInt8(truncatingIfNeeded: acc[ox] >> 20) }
                }
            }
        }
        return LumaImage(width: width, height: height, pixels: out)
    }

    /// Exact halving: with the taps at weight 128/256 the bilinear formula reduces to
    /// `(a + b + c + d + 2) >> 2` over each 2x2 block, 16 output pixels at a time.
    static func halve(_ image: LumaImage, width: Int, height: Int) -> LumaImage {
        let vectorEnd = width - width % 16
        let out = [UInt8](unsafeUninitializedCapacity: width * height) { dst, count in
            image.pixels.withUnsafeBufferPointer { src in
                let base = UnsafeRawPointer(src.baseAddress!)
                let two = SIMD16<UInt16>(repeating: 2)
                for oy in 0..<height {
                    let row0 = 2 * oy * image.width, row1 = row0 + image.width
                    var ox = 0
                    while ox < vectorEnd {
                        let a0 = (base + row0 + 2 * ox).loadUnaligned(as: SIMD32<UInt8>.self)
                        let a1 = (base + row1 + 2 * ox).loadUnaligned(as: SIMD32<UInt8>.self)
                        let sum = SIMD16<UInt16>(truncatingIfNeeded: a0.evenHalf) &+ SIMD16<UInt16>(truncatingIfNeeded: a0.oddHalf)
                            &+ SIMD16<UInt16>(truncatingIfNeeded: a1.evenHalf) &+ SIMD16<UInt16>(truncatingIfNeeded: a1.oddHalf)
                        UnsafeMutableRawPointer(dst.baseAddress! + oy * width + ox)
                            .storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: (sum &+ two) &>> 2), as: SIMD16<UInt8>.self)
                        ox += 16
                    }
                    while ox < width {
                        let sum = UInt16(src[row0 + 2 * ox]) + UInt16(src[row0 + 2 * ox + 1])
                            + UInt16(src[row1 + 2 * ox]) + UInt16(src[row1 + 2 * ox + 1])
                        dst[oy * width + ox] = UInt8(truncatingIfNeeded: (sum + 2) >> 2)
                        ox += 1
                    }
                }
            }
            count = width * height
        }
        return LumaImage(width: width, height: height, pixels: out)
    }

    /// One pass with a running row sum added to the row above.
    public static func integralImage(_ image: LumaImage) -> [UInt32] {
        let stride = image.width + 1
        var table = [UInt32](repeating: 0, count: stride * (image.height + 1))
        image.pixels.withUnsafeBufferPointer { src in
            table.withUnsafeMutableBufferPointer { t in
                for y in 0..<image.height {
                    var rowSum: UInt32 = 0
                    let above = y * stride, here = (y + 1) * stride
                    for x in 0..<image.width {
                        rowSum &+= UInt32(src[y * image.width + x])
                        t[here + x + 1] = t[above + x + 1] &+ rowSum
                    }
                }
            }
        }
        return table
    }
}
