import Foundation
import MilepostRecognition

/// The datasets' layouts (see shared/datasets/README.md): frames `NAME.jpg` with a
/// `NAME.txt` line `NAME.jpg<TAB>x<TAB>y<TAB>width<TAB>height<TAB>PLATE`, and crop folders
/// with a `labels.csv` whose header names a `file` and a `plate` column. Plates are
/// normalised the way the reader reads (`PlateFormat.normalise`).
public enum EvaluationDataset {
    public struct Frame: Equatable, Sendable {
        public let image: String
        public let box: PixelBox
        public let plate: String

        public init(image: String, box: PixelBox, plate: String) {
            self.image = image
            self.box = box
            self.plate = plate
        }
    }

    public struct Crop: Equatable, Sendable {
        public let image: String
        public let plate: String

        public init(image: String, plate: String) {
            self.image = image
            self.plate = plate
        }
    }

    public struct LabelError: Error, Equatable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// The labelled frames of `folder`, in label-file name order.
    public static func frames(in folder: String) throws -> [Frame] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw RecognitionFiles.FileError(path: folder, reason: "cannot list the frames folder")
        }
        return try entries.filter { $0.hasSuffix(".txt") }.sorted().map { name in
            try frame(labelledBy: folder + "/" + name, in: folder)
        }
    }

    /// The labelled crops listed in `folder`/labels.csv, in file order.
    public static func crops(in folder: String) throws -> [Crop] {
        let path = folder + "/labels.csv"
        let lines = String(decoding: try RecognitionFiles.read(path), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let header = lines.first?.split(separator: ",").map(String.init),
              let fileColumn = header.firstIndex(of: "file"), let plateColumn = header.firstIndex(of: "plate")
        else { throw LabelError(file: path, line: 1, reason: "header must name the columns file and plate") }
        var out: [Crop] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(fileColumn, plateColumn) else {
                throw LabelError(file: path, line: index + 1, reason: "expected \(header.count) fields, found \(fields.count)")
            }
            out.append(Crop(image: folder + "/" + fields[fileColumn], plate: PlateFormat.normalise(fields[plateColumn])))
        }
        return out
    }

    private static func frame(labelledBy path: String, in folder: String) throws -> Frame {
        let text = String(decoding: try RecognitionFiles.read(path), as: UTF8.self)
        let fields = text.split(whereSeparator: \.isNewline).first.map { $0.split(separator: "\t", omittingEmptySubsequences: false) } ?? []
        guard fields.count >= 6 else { throw LabelError(file: path, line: 1, reason: "expected 6 tab-separated fields, found \(fields.count)") }
        let numbers = fields[1...4].map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let x = numbers[0], let y = numbers[1], let w = numbers[2], let h = numbers[3] else {
            throw LabelError(file: path, line: 1, reason: "box fields x, y, width, height must be integers")
        }
        let plate = PlateFormat.normalise(fields[5].trimmingCharacters(in: .whitespacesAndNewlines))
        return Frame(image: folder + "/" + String(fields[0]), box: PixelBox(x: x, y: y, width: w, height: h), plate: plate)
    }
}
