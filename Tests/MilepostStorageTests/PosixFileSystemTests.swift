import Foundation
import Testing
@testable import MilepostStorage

@Suite struct PosixFileSystemTests {
    let fs = PosixFileSystem()

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "milepost-posix-\(UUID().uuidString)"
        try fs.makeDirectory(path)
        return path
    }

    @Test func writesReadsAndSyncsAFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try fs.openFile(dir + "/a", create: true)
        defer { file.close() }
        try file.allocate(size: 4096)
        try file.write([1, 2, 3, 4], at: 100)
        try file.dataSync()
        #expect(try file.size() == 4096)
        #expect(try file.read(count: 4, at: 100) == [1, 2, 3, 4])
        try file.zeroRange(at: 100, count: 2)
        #expect(try file.read(count: 4, at: 100) == [0, 0, 3, 4])
        #expect(try file.read(count: 10, at: 4090).count == 6)
    }

    @Test func missingFileIsANamedError() throws {
        #expect {
            _ = try fs.openFile("/nonexistent-milepost/x", create: false)
        } throws: { error in
            let error = error as! FileError
            return error.errno == .noSuchFile && error.operation == "open"
                && error.description.contains("ENOENT") && error.description.contains("/nonexistent-milepost/x")
        }
    }

    @Test func renamesListsAndUnlinks() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fs.openFile(dir + "/tmp", create: true).close()
        try fs.rename(dir + "/tmp", to: dir + "/final")
        try fs.syncDirectory(dir)
        #expect(try fs.listDirectory(dir) == ["final"])
        try fs.unlink(dir + "/final")
        #expect(try fs.listDirectory(dir).isEmpty)
        #expect(!fs.exists(dir + "/final"))
    }

    @Test func errnoNamesTheConditionsTheStoreReactsTo() {
        #expect(FileErrno.noSpace.name == "ENOSPC")
        #expect(FileErrno.ioError.name == "EIO")
        #expect(FileErrno.noSpace.isOutOfSpace && FileErrno.quotaExceeded.isOutOfSpace)
        #expect(FileErrno.ioError.description.hasPrefix("EIO ("))
    }
}
