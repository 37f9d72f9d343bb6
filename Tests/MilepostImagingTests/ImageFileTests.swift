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
}
