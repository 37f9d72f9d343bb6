import MilepostCore
import XCTest
@testable import MilepostRecognition

final class PlateDetectorTests: XCTestCase {
    let model = try! WeightsFile.load(TestModelFile().bytes())

    func detector(subCellCentres: Bool = false, averageSizes: Bool = false) -> PlateDetector {
        PlateDetector(network: model.detector, head: model.detectorHead, kernels: .optimised, maxDetections: 4,
                      subCellCentres: subCellCentres, averageSizes: averageSizes)
    }

    func testPeaksBecomeBoxesInFramePixels() {
        // head: stride 8, downscale 2, threshold -10, size scale 0.5
        var map = Int8Tensor(height: 6, width: 8, channels: 3, values: [Int8](repeating: -100, count: 144))
        map[2, 3, 0] = 50
        map[2, 3, 1] = 40  // 20 detector pixels -> 40 frame pixels wide
        map[2, 3, 2] = 20  // 10 -> 20 high
        map[2, 4, 0] = 30  // a weaker neighbour is not a second plate
        let found = detector().decode(map)
        XCTAssertEqual(found.count, 1)
        // centre: (3 * 8 + 4) * 2 = 56, (2 * 8 + 4) * 2 = 40
        XCTAssertEqual(found.first?.box, PixelBox(x: 36, y: 30, width: 40, height: 20))
        XCTAssertEqual(found.first?.score, 50)
    }

    func testAStrongerNeighbourMovesTheCentreTowardsIt() {
        var map = Int8Tensor(height: 6, width: 8, channels: 3, values: [Int8](repeating: -100, count: 144))
        map[2, 3, 0] = 50
        map[2, 2, 0] = 10
        map[2, 4, 0] = 30  // right neighbour stronger than the left: centre moves right
        map[1, 3, 0] = 20
        map[3, 3, 0] = 20  // equal above and below: no vertical move
        map[2, 3, 1] = 40
        map[2, 3, 2] = 20
        let found = detector(subCellCentres: true).decode(map)
        // x: parabola offset (30 - 10) * 16 / (2 * (100 - 40)) = 2.67 -> 3 frame pixels
        XCTAssertEqual(found.first?.box, PixelBox(x: 39, y: 30, width: 40, height: 20))
        XCTAssertEqual(detector(subCellCentres: false).decode(map).first?.box, PixelBox(x: 36, y: 30, width: 40, height: 20))
    }

    func testAPeakOnTheMapsBorderStaysInItsCell() {
        var map = Int8Tensor(height: 6, width: 8, channels: 3, values: [Int8](repeating: -100, count: 144))
        map[0, 0, 0] = 100  // top-left corner: no neighbour above or to the left
        map[0, 1, 0] = 10
        map[1, 0, 0] = 10
        map[0, 0, 1] = 40
        map[0, 0, 2] = 20
        XCTAssertEqual(detector(subCellCentres: true).decode(map).first?.box,
                       detector(subCellCentres: false).decode(map).first?.box)
    }

    func testSizesCanBeAveragedOverTheNeighbourhood() {
        var map = Int8Tensor(height: 6, width: 8, channels: 3, values: [Int8](repeating: -100, count: 144))
        map[2, 3, 0] = 50
        for y in 1...3 {
            for x in 2...4 {
                map[y, x, 1] = 40
                map[y, x, 2] = 20
            }
        }
        map[2, 3, 1] = 58  // the peak's own width is an outlier: mean (8 * 40 + 58) / 9 = 42
        map[0, 0, 1] = 127  // outside the neighbourhood
        XCTAssertEqual(detector(averageSizes: false).decode(map).first?.box.width, 58)
        XCTAssertEqual(detector(averageSizes: true).decode(map).first?.box.width, 42)
        XCTAssertEqual(detector(averageSizes: true).decode(map).first?.box.height, 20)
    }

    func testParabolaOffsetsStayWithinHalfACell() {
        XCTAssertEqual(PlateDetector.parabolaPeakOffset(before: 0, peak: 10, after: 0, spacing: 16), 0)
        XCTAssertEqual(PlateDetector.parabolaPeakOffset(before: 10, peak: 10, after: 10, spacing: 16), 0)
        XCTAssertEqual(PlateDetector.parabolaPeakOffset(before: -100, peak: 50, after: 49, spacing: 16), 8)
        XCTAssertEqual(PlateDetector.parabolaPeakOffset(before: 49, peak: 50, after: -100, spacing: 16), -8)
        XCTAssertEqual(PlateDetector.parabolaPeakOffset(before: 30, peak: 50, after: 10, spacing: 16), -3)
    }

    func testBelowThresholdIsNoPlateAndOverlapsAreSuppressed() {
        var map = Int8Tensor(height: 6, width: 12, channels: 3, values: [Int8](repeating: -100, count: 216))
        map[1, 1, 0] = -11  // below threshold
        for (x, score) in [(5, 40), (7, 35), (10, 20)] {
            map[3, x, 0] = Int8(score)
            map[3, x, 1] = 60
            map[3, x, 2] = 30
        }
        let found = detector().decode(map)
        // x = 5 and x = 7 overlap heavily (boxes 60 px wide, 32 px apart): only the stronger stays
        XCTAssertEqual(found.map(\.score), [40, 20])
    }

    func testTinyFramesYieldNothing() {
        XCTAssertEqual(detector().detect(LumaImage(width: 20, height: 20, pixels: [UInt8](repeating: 9, count: 400))), [])
    }

    func testTheFinePassSeesTheFrameAtFullResolution() {
        // On a frame doubled in each direction, the main pass (frame shrunk by 2) sees the
        // original frame, so it finds the peaks the fine pass finds there, at twice the
        // coordinates. (Sizes are compared below: the test model's are at the 4x2 minimum.)
        var random = TestRandom(seed: 4)
        let width = 96, height = 64
        let original = LumaImage(width: width, height: height, pixels: (0..<width * height).map { _ in UInt8(random.int(0...255)) })
        var doubled = [UInt8](repeating: 0, count: 4 * width * height)
        for y in 0..<2 * height {
            for x in 0..<2 * width { doubled[y * 2 * width + x] = original.pixels[(y / 2) * width + x / 2] }
        }
        var mainPass = detector()
        mainPass.coarsePass = false
        let fine = detector().detectFine(original)
        let main = mainPass.detect(LumaImage(width: 2 * width, height: 2 * height, pixels: doubled))
        XCTAssertFalse(fine.isEmpty, "the test model finds peaks in noise")
        XCTAssertEqual(main.map(\.score), fine.map(\.score))
        XCTAssertEqual(main.map { [$0.box.x + $0.box.width / 2, $0.box.y + $0.box.height / 2] },
                       fine.map { [2 * ($0.box.x + $0.box.width / 2), 2 * ($0.box.y + $0.box.height / 2)] })
    }

    func testTheFinePassIsTheMainPassOfAModelThatDoesNotShrink() {
        var random = TestRandom(seed: 5)
        let frame = LumaImage(width: 96, height: 64, pixels: (0..<96 * 64).map { _ in UInt8(random.int(0...255)) })
        let head = model.detectorHead
        var unshrunk = PlateDetector(network: model.detector, head: DetectorHead(stride: head.stride, downscale: 1, threshold: head.threshold,
                                                                                 sizeScale: head.sizeScale),
                                     kernels: .optimised, maxDetections: 4, subCellCentres: true)
        unshrunk.coarsePass = false
        let fine = detector(subCellCentres: true).detectFine(frame)
        XCTAssertFalse(fine.isEmpty)
        XCTAssertEqual(fine, unshrunk.detect(frame))
    }

    func testFineWindowsSurroundTheStrongestMaximaOfTheMainMap() {
        // head: stride 8, downscale 2, so cell (x, y) is centred at frame pixel (16x + 8, 16y + 8)
        var map = Int8Tensor(height: 6, width: 10, channels: 3, values: [Int8](repeating: -100, count: 180))
        map[1, 2, 0] = -60  // weak, yet a local maximum: windows do not need the threshold
        map[4, 7, 0] = 30
        map[3, 0, 0] = -20  // at the frame's left edge: its window is clipped
        map[4, 8, 0] = 10   // a weaker neighbour of (7, 4), not a maximum
        let windows = detector().fineWindows(map, count: 2, halfWidth: 32, frameWidth: 160, frameHeight: 96)
        XCTAssertEqual(windows, [PixelBox(x: 120 - 32, y: 72 - 20, width: 64, height: 40),
                                 PixelBox(x: 0, y: 56 - 20, width: 8 + 32, height: 40)])
        XCTAssertEqual(detector().fineWindows(map, count: 3, halfWidth: 32, frameWidth: 160, frameHeight: 96).last,
                       PixelBox(x: 40 - 32, y: 24 - 20, width: 64, height: 40))
        // a window narrower than the network's 16 pixels is left out
        XCTAssertEqual(detector().fineWindows(map, count: 3, halfWidth: 6, frameWidth: 160, frameHeight: 96), [])
    }

    /// The test model's detector is one stride-2 convolution: a head of stride 2 puts its
    /// cells where they are in the frame (the shipped head's stride 8 would put most outside).
    func strideTwoDetector() -> PlateDetector {
        let head = model.detectorHead
        return PlateDetector(network: model.detector, head: DetectorHead(stride: 2, downscale: head.downscale, threshold: head.threshold,
                                                                         sizeScale: head.sizeScale),
                             kernels: .optimised, maxDetections: 4)
    }

    func testAWindowOverTheWholeFrameFindsWhatTheWholeFramePassFinds() {
        let detector = strideTwoDetector
        var random = TestRandom(seed: 6)
        let frame = LumaImage(width: 96, height: 64, pixels: (0..<96 * 64).map { _ in UInt8(random.int(0...255)) })
        let main = detector().mainPass(frame)
        guard let map = main.map else { return XCTFail("the main pass kept no map") }
        XCTAssertEqual(detector().fineWindows(map, count: 1, halfWidth: 200, frameWidth: 96, frameHeight: 64),
                       [PixelBox(x: 0, y: 0, width: 96, height: 64)])
        let whole = detector().detectFine(frame)
        XCTAssertFalse(whole.isEmpty)
        XCTAssertEqual(detector().detectFine(frame, around: map, windows: 1, halfWidth: 200), whole)
        XCTAssertEqual(main.detections, detector().detect(frame))
    }

    func testWindowedDetectionsAreInFramePixels() {
        let detector = strideTwoDetector
        var random = TestRandom(seed: 7)
        let frame = LumaImage(width: 256, height: 160, pixels: (0..<256 * 160).map { _ in UInt8(random.int(0...255)) })
        guard let map = detector().mainPass(frame).map else { return XCTFail("the main pass kept no map") }
        guard let window = detector().fineWindows(map, count: 1, halfWidth: 40, frameWidth: 256, frameHeight: 160).first else {
            return XCTFail("no window")
        }
        XCTAssertTrue(window.x > 0 || window.y > 0, "the test needs a window away from the origin")
        let inWindow = detector().detectFine(frame.cropped(to: window)).map {
            PixelBox(x: $0.box.x + window.x, y: $0.box.y + window.y, width: $0.box.width, height: $0.box.height)
        }
        XCTAssertFalse(inWindow.isEmpty)
        XCTAssertEqual(detector().detectFine(frame, around: map, windows: 1, halfWidth: 40).map(\.box), inWindow)
    }

    func testTheFinePassNeedsAShrinkingModel() {
        let fine = PlateDetector(network: model.detector, head: DetectorHead(stride: model.detectorHead.stride, downscale: 1,
                                 threshold: model.detectorHead.threshold, sizeScale: model.detectorHead.sizeScale),
                                 kernels: .optimised, maxDetections: 4)
        XCTAssertEqual(fine.detectFine(LumaImage(width: 64, height: 64, pixels: [UInt8](repeating: 9, count: 64 * 64))), [])
    }
}
