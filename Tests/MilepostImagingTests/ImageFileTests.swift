import MilepostCore
import Foundation
import Testing
@testable import MilepostImaging

@Suite struct ImageFileTests {
    /// A fresh file of `size` bytes; sparse, so a large one costs no disk.
    func makeFile(size: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("image-file-\(UUID().uuidString).jpg").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return path
    }

    @Test func aFileAboveTheLimitIsRefusedWithItsSize() throws {
        let limit = DecodeLimits.default.maxFileBytes
        let path = try makeFile(size: 2 << 30)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ImagingError.fileTooLarge(bytes: 2 << 30, limit: limit)) { try ImageFile.read(path) }
        #expect(ImagingError.fileTooLarge(bytes: 2 << 30, limit: limit).description.contains("2147483648 bytes"))
    }

    @Test func theLimitComesFromDecodeLimits() throws {
        let path = try makeFile(size: 1025)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let limits = DecodeLimits(maxWidth: 64, maxHeight: 64, maxPixels: 4096, maxFileBytes: 1024)
        #expect(throws: ImagingError.fileTooLarge(bytes: 1025, limit: 1024)) { try ImageFile.read(path, limits: limits) }
    }

    @Test func aFileWithinTheLimitIsReadWhole() throws {
        let encoded = try JPEG.encodeGrey(JPEGTests.sampleImage())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("image-file-\(UUID().uuidString).jpg").path
        try Data(encoded).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ImageFile.read(path) == encoded)
    }

    @Test func aMissingFileNamesTheFailedCall() {
        #expect(throws: ImagingError.unreadableFile(operation: "open", errno: ENOENT)) {
            try ImageFile.read("/nonexistent/frame.jpg")
        }
    }

    @Test func aDirectoryIsNotAnImageFile() {
        #expect(throws: ImagingError.notARegularFile) { try ImageFile.read(FileManager.default.temporaryDirectory.path) }
    }

    @Test func readLumaDecodesPNGByItsName() throws {
        let png = PNGEncoder(width: 2, height: 1, colourType: .rgb).encode(rows: [[255, 0, 0, 0, 0, 255]])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("image-file-\(UUID().uuidString).PNG").path
        try Data(png).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ImageFile.readLuma(path) == LumaImage(width: 2, height: 1, pixels: [76, 29]))
    }

    @Test func readLumaDecodesOtherNamesAsJPEG() throws {
        let image = JPEGTests.sampleImage()
        let encoded = try JPEG.encodeGrey(image)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("image-file-\(UUID().uuidString).jpg").path
        try Data(encoded).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ImageFile.readLuma(path) == JPEG.decodeLuma(encoded))
    }

    @Test func readLumaErrorsNameTheFileAndTheProblem() throws {
        let png = PNGEncoder(width: 8, height: 8, colourType: .grey).encode(rows: Array(repeating: [UInt8](repeating: 7, count: 8), count: 8))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("image-file-\(UUID().uuidString).png").path
        try Data(png.prefix(png.count - 20)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ImageFile.readLuma(path)
            Issue.record("a truncated PNG file decoded")
        } catch {
            guard case .file(path, .corruptPNG) = error else {
                Issue.record("expected the file's path with .corruptPNG, got \(error)")
                return
            }
            #expect(error.description.hasPrefix("\(path): corrupt or truncated PNG: "))
        }
        #expect(throws: ImagingError.file(path: "/nonexistent/crop.png", reason: .unreadableFile(operation: "open", errno: ENOENT))) {
            try ImageFile.readLuma("/nonexistent/crop.png")
        }
    }
}
