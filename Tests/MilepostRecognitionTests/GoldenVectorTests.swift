import MilepostCore
import Foundation
import XCTest
@testable import MilepostRecognition

/// Vectors written by tools/training/export.py from its numpy integer reference (qops.py):
/// both kernel sets must reproduce them exactly.
final class GoldenVectorTests: XCTestCase {
    func vectors(_ name: String) throws -> Any {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors"))
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    func ints(_ any: Any?) -> [Int] { (any as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue ?? Int.min } }
    func int(_ any: Any?) -> Int { (any as? NSNumber)?.intValue ?? Int.min }
    func tensor(_ any: Any?) -> Int8Tensor {
        let d = any as? [String: Any] ?? [:]
        return Int8Tensor(height: int(d["h"]), width: int(d["w"]), channels: int(d["c"]), values: ints(d["values"]).map { Int8($0) })
    }
    func image(_ any: Any?) -> LumaImage {
        let d = any as? [String: Any] ?? [:]
        return LumaImage(width: int(d["w"]), height: int(d["h"]), pixels: ints(d["values"]).map { UInt8($0) })
    }
    func multipliers(_ m: [Int], _ s: [Int]) -> [QuantizedMultiplier] {
        zip(m, s).map { QuantizedMultiplier(multiplier: Int32($0), shift: Int32($1))! }
    }

    func testKernelsReproduceTheTrainingToolsVectors() throws {
        let cases = try XCTUnwrap(vectors("kernels") as? [[String: Any]])
        var counts: [String: Int] = [:]
        for (index, c) in cases.enumerated() {
            let kind = c["kind"] as? String ?? ""
            counts[kind, default: 0] += 1
            switch kind {
            case "conv2d":
                let input = tensor(c["input"])
                let g = WindowGeometry(kernelHeight: int(c["kh"]), kernelWidth: int(c["kw"]), strideY: int(c["stride"]),
                                       strideX: int(c["stride"]), padY: int(c["pad"]), padX: int(c["pad"]))
                let layer = Conv2DLayer(inputChannels: input.channels, outputChannels: int(c["cout"]), geometry: g,
                                        weights: ints(c["weights"]).map { Int8($0) }, bias: ints(c["bias"]).map { Int32($0) },
                                        multipliers: multipliers(ints(c["multipliers"]), ints(c["shifts"])),
                                        outputMin: Int8(int(c["min"])), outputMax: Int8(int(c["max"])))
                let expected = tensor(c["expected"])
                XCTAssertEqual(ReferenceKernels.conv2d(input, layer), expected, "case \(index)")
                XCTAssertEqual(OptimisedKernels.conv2d(input, layer), expected, "case \(index)")
            case "maxpool":
                let layer = MaxPoolLayer(kernel: int(c["k"]), stride: int(c["s"]))
                let input = tensor(c["input"]), expected = tensor(c["expected"])
                XCTAssertEqual(ReferenceKernels.maxPool(input, layer), expected)
                XCTAssertEqual(OptimisedKernels.maxPool(input, layer), expected)
            case "dense":
                let x = ints(c["input"]).map { Int8($0) }
                let layer = DenseLayer(inputs: x.count, outputs: int(c["outputs"]), weights: ints(c["weights"]).map { Int8($0) },
                                       bias: ints(c["bias"]).map { Int32($0) },
                                       multipliers: multipliers(ints(c["multipliers"]), ints(c["shifts"])),
                                       outputMin: Int8(int(c["min"])), outputMax: Int8(int(c["max"])))
                let expected = ints(c["expected"]).map { Int8($0) }
                XCTAssertEqual(ReferenceKernels.dense(x, layer), expected)
                XCTAssertEqual(OptimisedKernels.dense(x, layer), expected)
            case "add":
                let p = AddParameters(leftShift: Int32(int(c["leftShift"])),
                                      input1: multipliers([int(c["m1"])], [int(c["s1"])])[0],
                                      input2: multipliers([int(c["m2"])], [int(c["s2"])])[0],
                                      output: multipliers([int(c["mo"])], [int(c["so"])])[0])
                let a = ints(c["a"]).map { Int8($0) }, b = ints(c["b"]).map { Int8($0) }
                let expected = ints(c["expected"]).map { Int8($0) }
                XCTAssertEqual(ReferenceKernels.add(a, b, p), expected)
                XCTAssertEqual(OptimisedKernels.add(a, b, p), expected)
            case "resize":
                let box = ints(c["box"])
                let source = PixelBox(x: box[0], y: box[1], width: box[2], height: box[3])
                let img = image(c["image"])
                let expected = ints(c["expected"]).map { UInt8($0) }
                XCTAssertEqual(ReferenceKernels.resize(img, source: source, width: int(c["outW"]), height: int(c["outH"])).pixels, expected)
                XCTAssertEqual(OptimisedKernels.resize(img, source: source, width: int(c["outW"]), height: int(c["outH"])).pixels, expected)
            case "resizeFiltered":
                let box = ints(c["box"])
                let source = PixelBox(x: box[0], y: box[1], width: box[2], height: box[3])
                let img = image(c["image"])
                let expected = ints(c["expected"]).map { UInt8($0) }
                XCTAssertEqual(ReferenceKernels.resizeFiltered(img, source: source, width: int(c["outW"]), height: int(c["outH"])).pixels, expected)
                XCTAssertEqual(OptimisedKernels.resizeFiltered(img, source: source, width: int(c["outW"]), height: int(c["outH"])).pixels, expected)
            case "stretch":
                let img = image(c["image"])
                let expected = ints(c["expected"]).map { UInt8($0) }
                XCTAssertEqual(ReferenceKernels.stretchContrast(img, clipPercent: int(c["clip"])).pixels, expected, "case \(index)")
                XCTAssertEqual(OptimisedKernels.stretchContrast(img, clipPercent: int(c["clip"])).pixels, expected, "case \(index)")
            case "integral":
                let expected = ints(c["expected"]).map { UInt32($0) }
                XCTAssertEqual(ReferenceKernels.integralImage(image(c["image"])), expected)
                XCTAssertEqual(OptimisedKernels.integralImage(image(c["image"])), expected)
            default:
                XCTFail("unknown vector kind \(kind)")
            }
        }
        XCTAssertEqual(counts["conv2d"], 5)
        XCTAssertEqual(counts["resize"], 3)
        XCTAssertEqual(counts["resizeFiltered"], 5)
        XCTAssertEqual(counts["stretch"], 5)
    }

    /// The committed weights file, run by both kernel sets, reproduces the training tool's
    /// integer inference exactly.
    func testShippedModelReproducesTheTrainingToolsInference() throws {
        let modelURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Config/model/milepost-plates.mpw")
        let model = try WeightsFile.load([UInt8](Data(contentsOf: modelURL)))
        let d = try XCTUnwrap(vectors("models") as? [String: Any])
        let readers = try XCTUnwrap(d["reader"] as? [[String: Any]])
        XCTAssertFalse(readers.isEmpty)
        for (index, r) in readers.enumerated() {
            let crop = LumaImage(width: 94, height: 24, pixels: ints(r["input"]).map { UInt8($0) })
            let expected = ints(r["expected"]).map { Int8($0) }
            XCTAssertEqual(model.reader.run(crop, kernels: .optimised).values, expected)
            if index == 0 {  // the reference kernels are slow in debug builds: one crop is enough
                XCTAssertEqual(model.reader.run(crop, kernels: .reference).values, expected)
            }
        }
        let detectors = try XCTUnwrap(d["detector"] as? [[String: Any]])
        for v in detectors {
            let frame = LumaImage(width: int(v["w"]), height: int(v["h"]), pixels: ints(v["input"]).map { UInt8($0) })
            let expected = tensor(v["expected"])
            XCTAssertEqual(model.detector.run(frame, kernels: .optimised), expected)
            XCTAssertEqual(model.detector.run(frame, kernels: .reference), expected)
        }
    }
}
