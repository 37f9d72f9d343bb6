import MilepostCore
import MilepostImaging
import MilepostRecognition
import Testing
@testable import MilepostEvaluation

/// The evaluation loop over real files, with canned readers in place of the recogniser.
@Suite struct EvaluationTests {
    static func jpeg(width: Int, height: Int, level: UInt8) throws -> [UInt8] {
        try JPEG.encodeGrey(LumaImage(width: width, height: height, pixels: [UInt8](repeating: level, count: width * height)))
    }

    @Test func framesAreDecodedReadAndScored() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("a.txt", "a.jpg\t0\t0\t16\t8\tAB12\n")
        try folder.write("a.jpg", bytes: try Self.jpeg(width: 32, height: 16, level: 10))
        try folder.write("b.txt", "b.jpg\t0\t0\t16\t8\tCD34\n")
        try folder.write("b.jpg", bytes: try Self.jpeg(width: 48, height: 16, level: 200))
        try folder.write("c.txt", "c.jpg\t0\t0\t16\t8\tEF56\n")
        try folder.write("c.jpg", "not a JPEG")
        var lines: [String] = []
        var sizes: [Int] = []
        // Reads AB12 in the 32-pixel-wide frame and a wrong plate elsewhere in the 48-pixel one.
        let evaluation = Evaluation(
            readFrame: { frame in
                sizes.append(frame.width)
                return frame.width == 32
                    ? [ReportedPlate(text: "AB12", confidence: 800, box: PixelBox(x: 2, y: 2, width: 10, height: 4), candidates: ["AB12"])]
                    : [ReportedPlate(text: "CD84", confidence: 400, box: PixelBox(x: 30, y: 10, width: 10, height: 4), candidates: ["CD84", "CD34"])]
            },
            readCrop: { _ in [] }, threshold: 500, verbose: true, output: { lines.append($0) })
        let score = try evaluation.frames(folder.path)
        #expect(sizes == [32, 48])
        #expect(score.frames == 2 && score.unreadable == 1 && score.correctAtOne == 1 && score.correctAtTen == 2 && score.falsePlates == 1)
        #expect(lines.count == 10)
        #expect(lines[0] == "ok   AB12@0,0,16x8\tAB12(800)@2,2,10x4\t\(folder.path)/a.jpg")
        #expect(lines[1] == "MISS CD34@0,0,16x8\tCD84(400)@30,10,10x4\t\(folder.path)/b.jpg")
        #expect(lines[2].hasPrefix("\(folder.path)/c.jpg: not a JPEG image"))
        #expect(lines[3] == "frames: 2 (1 unreadable) in \(folder.path)")
        #expect(lines[4] == "correct@1: 1/2 = 50.0%")
        #expect(lines[8].hasPrefix("median ms/frame (decode + recognise): "))
    }

    @Test func cropsAreDecodedReadAndScored() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("labels.csv", "file,plate\none.jpg,AB12\nmissing.png,CD34\n")
        try folder.write("one.jpg", bytes: try Self.jpeg(width: 24, height: 8, level: 90))
        var lines: [String] = []
        let evaluation = Evaluation(
            readFrame: { _ in [] },
            readCrop: { crop in crop.width == 24 ? [PlateCandidate(text: "AB12", confidence: 700), PlateCandidate(text: "A812", confidence: 100)] : [] },
            threshold: 500, verbose: true, output: { lines.append($0) })
        let score = try evaluation.crops(folder.path)
        #expect(score.crops == 1 && score.unreadable == 1 && score.correctAtOne == 1 && score.sureCorrect == 1)
        #expect(lines == [
            "ok   AB12\tAB12(700) A812(100)",
            "\(folder.path)/missing.png: cannot open the image file: No such file or directory (errno 2)",
            "crops: 1 (1 unreadable) in \(folder.path)",
            "reading correct@1: 1/1 = 100.0%",
            "reading correct@10: 1/1 = 100.0%",
            "calibration: 1 reads at confidence >= 500, 1 correct = 100.0%",
        ])
    }
}
