import MilepostRecognition
import Testing
@testable import MilepostEvaluation

@Suite struct EvaluationDatasetTests {
    @Test func framesAreReadFromTheirLabelFilesInNameOrder() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("b.txt", "b.jpg\t10\t20\t30\t40\tabc-123\n")
        try folder.write("a.txt", "a.jpg\t1\t2\t3\t4\t 7 ox 9 \r\nignored second line\n")
        try folder.write("a.jpg", "not read while listing")
        let frames = try EvaluationDataset.frames(in: folder.path)
        #expect(frames == [
            .init(image: folder.path + "/a.jpg", box: PixelBox(x: 1, y: 2, width: 3, height: 4), plate: "70X9"),
            .init(image: folder.path + "/b.jpg", box: PixelBox(x: 10, y: 20, width: 30, height: 40), plate: "ABC123"),
        ])
    }

    @Test func aFrameLabelWithTooFewFieldsNamesTheFile() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("a.txt", "a.jpg\t1\t2\t3\n")
        #expect(throws: EvaluationDataset.LabelError(file: folder.path + "/a.txt", line: 1, reason: "expected 6 tab-separated fields, found 4")) {
            try EvaluationDataset.frames(in: folder.path)
        }
    }

    @Test func aFrameLabelWithANonIntegerBoxNamesTheFile() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("a.txt", "a.jpg\t1\t2.5\t3\t4\tAB12\n")
        let error = EvaluationDataset.LabelError(file: folder.path + "/a.txt", line: 1, reason: "box fields x, y, width, height must be integers")
        #expect(throws: error) { try EvaluationDataset.frames(in: folder.path) }
        #expect(error.description == folder.path + "/a.txt:1: box fields x, y, width, height must be integers")
    }

    @Test func aMissingFramesFolderIsNamed() {
        #expect {
            try EvaluationDataset.frames(in: "/nonexistent/frames")
        } throws: { error in
            "\(error)" == "/nonexistent/frames: cannot list the frames folder"
        }
    }

    @Test func cropsFollowTheHeaderColumnsInFileOrder() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("labels.csv", "state,plate,file\nma,7ab-c12,z.png\n\n  ca,ox1,a.png  \n")
        #expect(try EvaluationDataset.crops(in: folder.path) == [
            .init(image: folder.path + "/z.png", plate: "7ABC12"),
            .init(image: folder.path + "/a.png", plate: "0X1"),
        ])
    }

    @Test func aCropsHeaderWithoutFileAndPlateIsRefused() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("labels.csv", "image,text\na.png,AB12\n")
        #expect(throws: EvaluationDataset.LabelError(file: folder.path + "/labels.csv", line: 1, reason: "header must name the columns file and plate")) {
            try EvaluationDataset.crops(in: folder.path)
        }
    }

    @Test func aShortCropsLineNamesItsLineNumber() throws {
        let folder = try DatasetFolder()
        defer { folder.remove() }
        try folder.write("labels.csv", "file,state,plate\na.png,ma,AB12\nb.png,ma\n")
        #expect(throws: EvaluationDataset.LabelError(file: folder.path + "/labels.csv", line: 3, reason: "expected 3 fields, found 2")) {
            try EvaluationDataset.crops(in: folder.path)
        }
    }

    @Test func aMissingLabelsFileIsNamed() {
        #expect {
            try EvaluationDataset.crops(in: "/nonexistent/plates")
        } throws: { error in
            "\(error)" == "/nonexistent/plates/labels.csv: no such file"
        }
    }
}
