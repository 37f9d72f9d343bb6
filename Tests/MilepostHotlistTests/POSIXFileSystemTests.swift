import Glibc
import Testing

@testable import MilepostHotlist

@Suite struct POSIXFileSystemTests {
    func temporaryDirectory() -> String {
        var template = Array("/tmp/milepost-hotlist-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    @Test func atomicWriteReplacesAndLeavesNoTemporaryFile() throws {
        let files = POSIXFileSystem()
        let directory = temporaryDirectory()
        defer { _ = try? files.listDirectory(directory).forEach { try? files.removeFile(Path.join(directory, $0)) }; rmdir(directory) }
        let path = Path.join(directory, "list.hotlist")
        try files.writeAtomically(Array("one".utf8), to: path)
        try files.writeAtomically(Array("two".utf8), to: path)
        #expect(try files.readFile(path) == Array("two".utf8))
        #expect(try files.listDirectory(directory) == ["list.hotlist"])
    }

    @Test func errorsNameTheOperationPathAndErrno() {
        #expect(throws: FileSystemError(operation: "open", path: "/nonexistent-dir/x", errno: .noSuchFile)) {
            try POSIXFileSystem().readFile("/nonexistent-dir/x")
        }
        #expect(throws: FileSystemError(operation: "open", path: "/nonexistent-dir/x.tmp", errno: .noSuchFile)) {
            try POSIXFileSystem().writeAtomically([1], to: "/nonexistent-dir/x")
        }
    }

    @Test func largeFilesRoundTrip() throws {
        let files = POSIXFileSystem()
        let directory = temporaryDirectory()
        let path = Path.join(directory, "big")
        defer { try? files.removeFile(path); rmdir(directory) }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try files.writeAtomically(bytes, to: path)
        #expect(try files.readFile(path) == bytes)
    }
}

@Suite struct WriterLockTests {
    @Test func aSecondWriterIsRefusedUntilTheFirstLetsGo() throws {
        let directory = POSIXFileSystemTests().temporaryDirectory()
        do {
            let first = try WriterLock(directory: directory)
            #expect(throws: WriterLock.Held(path: directory + "/writer.lock")) { try WriterLock(directory: directory) }
            withExtendedLifetime(first) {}
        }
        let again = try WriterLock(directory: directory)
        #expect(again.path == directory + "/writer.lock")
    }
}
