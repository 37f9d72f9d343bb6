import MilepostCore

/// Plain, obviously correct kernels. The optimised kernels must match them bit for bit.
public enum ReferenceKernels {
    public static func conv2d(_ input: Int8Tensor, _ layer: Conv2DLayer) -> Int8Tensor {
        let g = layer.geometry
        precondition(input.channels == layer.inputChannels)
        guard let size = g.outputSize(height: input.height, width: input.width) else {
            preconditionFailure("convolution window larger than input")
        }
        var output = Int8Tensor(height: size.height, width: size.width, channels: layer.outputChannels)
        for oy in 0..<size.height {
            for ox in 0..<size.width {
                for oc in 0..<layer.outputChannels {
                    var acc = layer.bias[oc]
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            let iy = oy * g.strideY - g.padY + ky
                            let ix = ox * g.strideX - g.padX + kx
                            if iy < 0 || iy >= input.height || ix < 0 || ix >= input.width { continue }
                            for ic in 0..<layer.inputChannels {
                                let w = layer.weights[((oc * g.kernelHeight + ky) * g.kernelWidth + kx) * layer.inputChannels + ic]
                                acc = acc &+ Int32(input[iy, ix, ic]) * Int32(w)
                            }
                        }
                    }
                    output[oy, ox, oc] = FixedPoint.clampToInt8(
                        layer.multipliers[oc].apply(acc), layer.outputMin, layer.outputMax)
                }
            }
        }
        return output
    }

    public static func maxPool(_ input: Int8Tensor, _ layer: MaxPoolLayer) -> Int8Tensor {
        let g = layer.geometry
        guard let size = g.outputSize(height: input.height, width: input.width) else {
            preconditionFailure("pooling window larger than input")
        }
        var output = Int8Tensor(height: size.height, width: size.width, channels: input.channels)
        for oy in 0..<size.height {
            for ox in 0..<size.width {
                for c in 0..<input.channels {
                    var best = Int8.min
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            best = max(best, input[oy * g.strideY + ky, ox * g.strideX + kx, c])
                        }
                    }
                    output[oy, ox, c] = best
                }
            }
        }
        return output
    }

    public static func clamp(_ input: [Int8], min low: Int8, max high: Int8) -> [Int8] {
        input.map { Swift.min(Swift.max($0, low), high) }
    }

    public static func add(_ a: [Int8], _ b: [Int8], _ p: AddParameters) -> [Int8] {
        precondition(a.count == b.count)
        var out = [Int8](repeating: 0, count: a.count)
        for i in 0..<a.count {
            let x = p.input1.apply(Int32(a[i]) << p.leftShift)
            let y = p.input2.apply(Int32(b[i]) << p.leftShift)
            out[i] = FixedPoint.clampToInt8(p.output.apply(x &+ y), p.outputMin, p.outputMax)
        }
        return out
    }

    public static func dense(_ input: [Int8], _ layer: DenseLayer) -> [Int8] {
        precondition(input.count == layer.inputs)
        var out = [Int8](repeating: 0, count: layer.outputs)
        for o in 0..<layer.outputs {
            var acc = layer.bias[o]
            for i in 0..<layer.inputs {
                acc = acc &+ Int32(input[i]) * Int32(layer.weights[o * layer.inputs + i])
            }
            out[o] = FixedPoint.clampToInt8(layer.multipliers[o].apply(acc), layer.outputMin, layer.outputMax)
        }
        return out
    }

    /// Bilinear resampling of `source` (a rectangle of `image`, which may reach outside it:
    /// outside pixels repeat the edge) to `width` x `height`. Pixel centres are aligned
    /// (half-pixel convention); coordinates are Q16, interpolation weights Q8, and the result
    /// is rounded half up.
    public static func resize(_ image: LumaImage, source: PixelBox, width: Int, height: Int) -> LumaImage {
        var out = [UInt8](repeating: 0, count: width * height)
        for oy in 0..<height {
            let sy = Resampling.sourceCoordinate(out: oy, outSize: height, origin: source.y, span: source.height)
            let (y0, y1, fy) = Resampling.taps(sy, limit: image.height)
            for ox in 0..<width {
                let sx = Resampling.sourceCoordinate(out: ox, outSize: width, origin: source.x, span: source.width)
                let (x0, x1, fx) = Resampling.taps(sx, limit: image.width)
                let top = Int32(image[x0, y0]) * (256 - fx) + Int32(image[x1, y0]) * fx
                let bottom = Int32(image[x0, y1]) * (256 - fx) + Int32(image[x1, y1]) * fx
                out[oy * width + ox] = UInt8((top * (256 - fy) + bottom * fy + 32768) >> 16)
            }
        }
        return LumaImage(width: width, height: height, pixels: out)
    }

    /// Shrinking resize with a triangle filter widened by the shrink factor (`TriangleFilter`):
    /// each output pixel is a weighted sum over rows of weighted sums over columns. The row sums
    /// are rounded to Q6 (`(sum + 128) >> 8`), the total to 8 bits (`(sum + 2^19) >> 20`).
    public static func resizeFiltered(_ image: LumaImage, source: PixelBox, width: Int, height: Int) -> LumaImage {
        let columns = TriangleFilter.taps(outSize: width, origin: source.x, span: source.width, limit: image.width)
        let rows = TriangleFilter.taps(outSize: height, origin: source.y, span: source.height, limit: image.height)
        var out = [UInt8](repeating: 0, count: width * height)
        for oy in 0..<height {
            for ox in 0..<width {
                var total = 0
                for (j, wy) in rows[oy].weights.enumerated() {
                    var rowSum = 0
                    for (i, wx) in columns[ox].weights.enumerated() {
                        rowSum += Int(wx) * Int(image[columns[ox].first + i, rows[oy].first + j])
                    }
                    total += Int(wy) * ((rowSum + 128) >> 8)
                }
                out[oy * width + ox] = UInt8((total + (1 << 19)) >> 20)
            }
        }
        return LumaImage(width: width, height: height, pixels: out)
    }

    /// Summed-area table with a zero first row and column: `(width + 1) * (height + 1)` values.
    public static func integralImage(_ image: LumaImage) -> [UInt32] {
        let stride = image.width + 1
        var table = [UInt32](repeating: 0, count: stride * (image.height + 1))
        for y in 0..<image.height {
            for x in 0..<image.width {
                let up = table[y * stride + x + 1], left = table[(y + 1) * stride + x], diagonal = table[y * stride + x]
                table[(y + 1) * stride + x + 1] = UInt32(image[x, y]) + up + left - diagonal
            }
        }
        return table
    }
}

/// The coordinate arithmetic shared by both resize kernels.
enum Resampling {
    /// Source coordinate of an output pixel centre, Q16, before edge clamping.
    @inline(__always)
    static func sourceCoordinate(out: Int, outSize: Int, origin: Int, span: Int) -> Int {
        (origin << 16) + ((2 * out + 1) * span << 16) / (2 * outSize) - 32768
    }

    /// The two neighbouring source indices and the Q8 weight of the second one.
    @inline(__always)
    static func taps(_ coordinate: Int, limit: Int) -> (Int, Int, Int32) {
        let c = min(max(coordinate, 0), (limit - 1) << 16)
        let i0 = c >> 16
        return (i0, min(i0 + 1, limit - 1), Int32((c >> 8) & 255))
    }
}
