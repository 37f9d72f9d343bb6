import MilepostCore
import XCTest
@testable import MilepostRecognition

/// The optimised kernels must equal the reference kernels exactly on random inputs.
final class KernelEquivalenceTests: XCTestCase {
    func testConvolutionsMatchAcrossShapesStridesPaddingAndInstructionSets() {
        var random = TestRandom(seed: 1)
        // Odd and even taps per kernel row, partial blocks of 8 channels, one to five groups
        // of 32 (the shipped networks' shapes among them).
        let shapes: [(cin: Int, cout: Int, kh: Int, kw: Int, stride: Int, pad: Int)] = [
            (1, 8, 3, 3, 1, 1), (1, 8, 3, 3, 2, 1), (3, 13, 3, 3, 1, 1), (16, 24, 3, 3, 2, 1),
            (8, 5, 1, 1, 1, 0), (20, 36, 1, 1, 1, 0), (6, 10, 3, 3, 1, 0), (12, 9, 6, 1, 1, 0),
            (16, 48, 3, 3, 1, 1), (48, 64, 3, 3, 1, 1), (64, 128, 6, 1, 1, 0), (128, 37, 1, 1, 1, 0),
            (5, 150, 2, 3, 2, 1), (1, 3, 1, 1, 1, 0),
        ]
        XCTAssertTrue(ConvolutionInstructionSet.supported.contains(.portable))
        for (index, s) in shapes.enumerated() {
            for relu in [false, true] {
                let layer = random.convLayer(cin: s.cin, cout: s.cout, kh: s.kh, kw: s.kw, stride: s.stride, pad: s.pad, relu: relu)
                let h = random.int(6...11), w = random.int(5...13)
                let input = Int8Tensor(height: h, width: w, channels: s.cin, values: random.int8s(h * w * s.cin, sparsity: 40))
                let expected = ReferenceKernels.conv2d(input, layer)
                for isa in ConvolutionInstructionSet.supported {
                    XCTAssertEqual(OptimisedKernels.conv2d(input, layer, instructionSet: isa), expected, "shape \(index) relu \(relu) \(isa)")
                }
            }
        }
    }

    /// One-row maps with a 1x3 kernel padded only along the row (the reader's temporal
    /// convolutions after the height collapse), for every instruction set.
    func testRowConvolutionsPaddedAlongTheRowMatch() {
        var random = TestRandom(seed: 4)
        for (cin, cout) in [(128, 128), (64, 64), (7, 5)] {
            let square = random.convLayer(cin: cin, cout: cout, kh: 1, kw: 3, stride: 1, pad: 0, relu: true)
            let layer = Conv2DLayer(inputChannels: cin, outputChannels: cout,
                                    geometry: WindowGeometry(kernelHeight: 1, kernelWidth: 3, padY: 0, padX: 1),
                                    weights: square.weights, bias: square.bias, multipliers: square.multipliers,
                                    outputMin: 0, outputMax: 127)
            let input = Int8Tensor(height: 1, width: 23, channels: cin, values: random.int8s(23 * cin, sparsity: 50).map { max($0, 0) })
            let expected = ReferenceKernels.conv2d(input, layer)
            XCTAssertEqual(expected.width, 23)
            for isa in ConvolutionInstructionSet.supported {
                XCTAssertEqual(OptimisedKernels.conv2d(input, layer, instructionSet: isa), expected, "\(cin)->\(cout) \(isa)")
            }
        }
    }

    /// All-(-128) inputs and weights give the largest pair sum (2 x 16384), which must not wrap.
    func testConvolutionAtTheInt8ExtremesMatches() {
        let cin = 7, cout = 11
        let multiplier = QuantizedMultiplier(multiplier: 1 << 30, shift: -16)!
        let layer = Conv2DLayer(
            inputChannels: cin, outputChannels: cout, geometry: WindowGeometry(kernelHeight: 3, kernelWidth: 3, padY: 1, padX: 1),
            weights: [Int8](repeating: -128, count: cout * 9 * cin), bias: [Int32](repeating: -7, count: cout),
            multipliers: [QuantizedMultiplier](repeating: multiplier, count: cout), outputMin: -128, outputMax: 127)
        let input = Int8Tensor(height: 4, width: 5, channels: cin, values: [Int8](repeating: -128, count: 4 * 5 * cin))
        let expected = ReferenceKernels.conv2d(input, layer)
        // An interior pixel sums 63 products of 16384, less the bias of 7: 1,032,185, scaled by
        // 2^-17 (multiplier 2^30 is one half) and rounded to 8.
        XCTAssertEqual(expected[1, 1, 0], 8)
        for isa in ConvolutionInstructionSet.supported {
            XCTAssertEqual(OptimisedKernels.conv2d(input, layer, instructionSet: isa), expected, "\(isa)")
        }
    }

    func testMaxPoolMatchesForVectorAndScalarChannels() {
        var random = TestRandom(seed: 2)
        for channels in [1, 7, 16, 35] {
            for (kernel, stride) in [(2, 2), (3, 2), (2, 1)] {
                let input = Int8Tensor(height: 9, width: 11, channels: channels, values: random.int8s(99 * channels))
                let layer = MaxPoolLayer(kernel: kernel, stride: stride)
                XCTAssertEqual(OptimisedKernels.maxPool(input, layer), ReferenceKernels.maxPool(input, layer))
            }
        }
    }

    func testClampAddAndDenseMatch() {
        var random = TestRandom(seed: 3)
        for count in [0, 5, 16, 37, 100] {
            let a = random.int8s(count), b = random.int8s(count)
            XCTAssertEqual(OptimisedKernels.clamp(a, min: -20, max: 90), ReferenceKernels.clamp(a, min: -20, max: 90))
            let p = AddParameters(input1: random.multiplier(), input2: random.multiplier(),
                                  output: QuantizedMultiplier(multiplier: 1 << 30, shift: -20)!)
            XCTAssertEqual(OptimisedKernels.add(a, b, p), ReferenceKernels.add(a, b, p))
        }
        for (inputs, outputs) in [(1, 1), (15, 4), (16, 3), (50, 36), (128, 10)] {
            let layer = DenseLayer(inputs: inputs, outputs: outputs, weights: random.int8s(inputs * outputs),
                                   bias: (0..<outputs).map { _ in Int32(random.int(-5000...5000)) },
                                   multipliers: (0..<outputs).map { _ in random.multiplier() }, outputMin: -128, outputMax: 127)
            let x = random.int8s(inputs)
            XCTAssertEqual(OptimisedKernels.dense(x, layer), ReferenceKernels.dense(x, layer))
        }
    }

    func testResizeMatchesForUpDownAndOutsideRectangles() {
        var random = TestRandom(seed: 4)
        let image = random.image(width: 37, height: 23)
        let cases = [
            (PixelBox(x: 0, y: 0, width: 37, height: 23), 94, 24),
            (PixelBox(x: 0, y: 0, width: 37, height: 23), 18, 11),
            (PixelBox(x: -5, y: -3, width: 20, height: 9), 94, 24),
            (PixelBox(x: 30, y: 18, width: 15, height: 9), 7, 5),
            (PixelBox(x: 0, y: 0, width: 36, height: 22), 18, 11),  // exact halving fast path
            (PixelBox(x: 0, y: 0, width: 37, height: 23), 9, 5),
        ]
        for (box, w, h) in cases {
            XCTAssertEqual(OptimisedKernels.resize(image, source: box, width: w, height: h),
                           ReferenceKernels.resize(image, source: box, width: w, height: h))
        }
    }

    func testFilteredResizeMatchesForShrinkingGrowingAndOutsideRectangles() {
        var random = TestRandom(seed: 6)
        let image = random.image(width: 157, height: 61)
        let cases = [
            (PixelBox(x: 0, y: 0, width: 157, height: 61), 94, 24),
            (PixelBox(x: -9, y: -4, width: 170, height: 70), 94, 24),
            (PixelBox(x: 150, y: 50, width: 40, height: 30), 9, 5),
            (PixelBox(x: 3, y: 2, width: 12, height: 6), 94, 24),
            (PixelBox(x: 300, y: 300, width: 10, height: 10), 4, 4),
            (PixelBox(x: 0, y: 0, width: 157, height: 61), 1, 1),
        ]
        for (box, w, h) in cases {
            XCTAssertEqual(OptimisedKernels.resizeFiltered(image, source: box, width: w, height: h),
                           ReferenceKernels.resizeFiltered(image, source: box, width: w, height: h))
        }
    }

    func testFilteredResizeKeepsFlatImagesFlatAndAveragesWhenShrinking() {
        let flat = LumaImage(width: 50, height: 20, pixels: [UInt8](repeating: 93, count: 1000))
        XCTAssertEqual(ReferenceKernels.resizeFiltered(flat, source: PixelBox(x: -5, y: -5, width: 60, height: 30), width: 7, height: 3).pixels,
                       [UInt8](repeating: 93, count: 21))
        // Alternating black and white columns: point sampling would see only one of them;
        // the filter sees their mean.
        let stripes = LumaImage(width: 40, height: 4, pixels: (0..<160).map { $0 % 2 == 0 ? 0 : 254 })
        let shrunk = ReferenceKernels.resizeFiltered(stripes, source: PixelBox(x: 0, y: 0, width: 40, height: 4), width: 5, height: 1)
        XCTAssertEqual(shrunk.pixels.dropFirst().dropLast(), [127, 127, 127])
    }

    func testContrastStretchMatchesOnDimFlatAndFullRangeCrops() {
        var random = TestRandom(seed: 9)
        for index in 0..<40 {
            let base = random.int(0...250), spread = [0, 3, 15, 16, 40, 255][index % 6]
            let pixels = (0..<(24 * 94)).map { _ in UInt8(min(255, base + random.int(0...spread))) }
            let crop = LumaImage(width: 94, height: 24, pixels: pixels)
            for clip in [0, 1, 2, 5, 49] {
                XCTAssertEqual(OptimisedKernels.stretchContrast(crop, clipPercent: clip),
                               ReferenceKernels.stretchContrast(crop, clipPercent: clip), "crop \(index) clip \(clip)")
            }
        }
    }

    func testContrastStretchSpreadsADimCropToTheFullRange() {
        // 100 pixels, values 60...69, ten of each: with 10% clipped at each end the 11th
        // darkest (61) goes to 0, and the 11th brightest (68) would go to 255 but for the
        // minimum spread: 68 - 61 = 7 is below 16, so 68 maps to round(7 * 255 / 16) = 112.
        let crop = LumaImage(width: 10, height: 10, pixels: (0..<100).map { UInt8(60 + $0 / 10) })
        let stretched = ReferenceKernels.stretchContrast(crop, clipPercent: 10)
        XCTAssertEqual(stretched.pixels.first, 0)
        XCTAssertEqual(stretched.pixels[15], 0)
        XCTAssertEqual(stretched.pixels[85], 112)
        // A wider dim crop (values 60...99) fills 0...255 and keeps its order.
        let wide = LumaImage(width: 40, height: 1, pixels: (0..<40).map { UInt8(60 + $0) })
        let full = OptimisedKernels.stretchContrast(wide, clipPercent: 1)
        XCTAssertEqual(full.pixels.first, 0)
        XCTAssertEqual(full.pixels.last, 255)
        XCTAssertEqual(full.pixels, full.pixels.sorted())
        XCTAssertEqual(ReferenceKernels.stretchContrast(wide, clipPercent: 0), wide)
    }

    func testHalvingAveragesEachTwoByTwoBlock() {
        let image = LumaImage(width: 4, height: 2, pixels: [0, 10, 100, 200, 20, 30, 50, 51])
        let half = ReferenceKernels.resize(image, source: PixelBox(x: 0, y: 0, width: 4, height: 2), width: 2, height: 1)
        XCTAssertEqual(half.pixels, [15, 100])  // (0+10+20+30)/4, (100+200+50+51)/4 = 100.25
    }

    func testIntegralImageMatchesAndSumsRectangles() {
        var random = TestRandom(seed: 5)
        let image = random.image(width: 13, height: 7)
        let table = ReferenceKernels.integralImage(image)
        XCTAssertEqual(OptimisedKernels.integralImage(image), table)
        XCTAssertEqual(table.last, image.pixels.reduce(UInt32(0)) { $0 + UInt32($1) })
    }
}
