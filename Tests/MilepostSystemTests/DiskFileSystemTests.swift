import Foundation
import MilepostTesting
import SystemPackage
import Testing
@testable import MilepostSystem

@Suite struct DiskFileSystemTests {
    let fs = DiskFileSystem()

    @Test func writesReadsAllocatesAndTruncatesAFile() throws {
        let dir = try TemporaryDirectory("milepost-disk")
        defer { dir.remove() }
        let file = try fs.openFile(dir.appending("a"), create: true)
        defer { file.close() }
        try file.allocate(size: 4096)
        try file.write([1, 2, 3, 4], at: 100)
        try file.dataSync()
        #expect(try file.size() == 4096)
        #expect(try file.read(count: 4, at: 100) == [1, 2, 3, 4])
        try file.zeroRange(at: 100, count: 2)
        #expect(try file.read(count: 4, at: 100) == [0, 0, 3, 4])
        #expect(try file.read(count: 10, at: 4090).count == 6)
        try file.truncate(to: 102)
        try file.sync()
        #expect(try fs.readWholeFile(dir.appending("a")).suffix(2) == [0, 0])
        #expect(try file.size() == 102)
    }

    @Test func renamesListsAndUnlinks() throws {
        let dir = try TemporaryDirectory("milepost-disk")
        defer { dir.remove() }
        try fs.openFile(dir.appending("tmp"), create: true).close()
        try fs.makeDirectory(dir.appending("sub"), permissions: .defaultDirectory)
        try fs.rename(dir.appending("tmp"), to: dir.appending("final"))
        try fs.syncDirectory(dir.path)
        #expect(try fs.listDirectory(dir.path) == ["final", "sub"])
        try fs.removeDurably(dir.appending("final"))
        #expect(try fs.listDirectory(dir.path) == ["sub"])
        #expect(!fs.exists(dir.appending("final")))
        #expect(try fs.status(dir.appending("sub"))?.isDirectory == true)
    }

    @Test func makeDirectoriesCreatesMissingParentsAndAcceptsExistingOnes() throws {
        let dir = try TemporaryDirectory("milepost-disk")
        defer { dir.remove() }
        try fs.makeDirectories(dir.appending("a/b/c"))
        try fs.makeDirectories(dir.appending("a/b/c"))
        #expect(try fs.status(dir.appending("a/b/c"))?.isDirectory == true)
    }

    @Test func createdFilesHaveExactlyTheAskedModeWhateverTheUmask() throws {
        let dir = try TemporaryDirectory("milepost-disk")
        defer { dir.remove() }
        let old = umask(0o077)
        defer { umask(old) }
        try fs.replaceAtomically(dir.appending("f"), with: [1], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        let status = try #require(try fs.status(dir.appending("f")))
        #expect(status.permissions == [.ownerReadWrite, .groupRead, .otherRead])
        #expect(status.ownerUserID == fs.currentUserID)
        #expect(status.size == 1)
    }

    @Test func aMissingFileIsAnErrorNamingTheCallAndThePath() throws {
        #expect {
            _ = try fs.openFile("/nonexistent-milepost/x", create: false)
        } throws: { error in
            let error = error as! FileError
            return error.errno == .noSuchFileOrDirectory && error.operation == "open"
                && error.description == "open /nonexistent-milepost/x: No such file or directory"
        }
        #expect(try fs.status("/nonexistent-milepost/x") == nil)
    }

    @Test func aDirectoryUnderAFileIsAnErrorNamingMkdirAndThePath() throws {
        let dir = try TemporaryDirectory("milepost-disk")
        defer { dir.remove() }
        try fs.replaceAtomically(dir.appending("file"), with: [1])
        #expect {
            try fs.makeDirectory(dir.appending("file/sub"), permissions: .defaultDirectory)
        } throws: { error in
            let error = error as! FileError
            return error.errno == .notDirectory && error.description == "mkdir \(dir.appending("file/sub")): Not a directory"
        }
    }

    @Test func outOfSpaceCoversAFullDiskAndAnExhaustedQuota() {
        #expect(Errno.noSpace.isOutOfSpace && Errno.diskQuotaExceeded.isOutOfSpace)
        #expect(!Errno.ioError.isOutOfSpace)
    }

    @Test func flockExcludesASecondLockerUntilReleased() throws {
        let dir = try TemporaryDirectory("milepost-disk")
        defer { dir.remove() }
        let path = dir.appending("writer.lock")
        let first = try fs.lockExclusively(path)
        #expect {
            _ = try fs.lockExclusively(path)
        } throws: { error in
            let error = error as! FileError
            return error.errno == .wouldBlock && error.operation == "flock" && error.path == path
        }
        first.release()
        let second = try fs.lockExclusively(path)
        second.release()
    }

    @Test func shortWritesAreContinuedWhereTheyStopped() throws {
        let source: [UInt8] = Array(0..<10)
        var written = [UInt8](repeating: 0xFF, count: 14)
        var calls = 0
        try writeCompletely(count: source.count, at: 4, path: "/x") { (done, offset) throws(FileError) in
            calls += 1
            let n = min(3, source.count - done)
            written.replaceSubrange(Int(offset)..<Int(offset) + n, with: source[done..<done + n])
            return n
        }
        #expect(written == [0xFF, 0xFF, 0xFF, 0xFF] + source)
        #expect(calls == 4)
    }

    @Test func aWriteThatMakesNoProgressFailsInsteadOfSpinning() {
        #expect {
            try writeCompletely(count: 5, at: 0, path: "/x") { (done, _) throws(FileError) in done == 0 ? 2 : 0 }
        } throws: { error in
            let error = error as! FileError
            return error.errno == .ioError && error.path == "/x" && error.operation.hasPrefix("pwrite")
        }
    }
}

@Suite struct AtomicReplaceTests {
    @Test func onDiskTheNewContentReplacesTheOldAndNoTemporaryIsLeft() throws {
        let fs = DiskFileSystem()
        let dir = try TemporaryDirectory("milepost-replace")
        defer { dir.remove() }
        try fs.replaceAtomically(dir.appending("state"), with: Array("old".utf8))
        try fs.replaceAtomically(dir.appending("state"), with: Array("new".utf8))
        #expect(try fs.readWholeFile(dir.appending("state")) == Array("new".utf8))
        #expect(try fs.listDirectory(dir.path) == ["state"])
    }

    @Test func aLargeFileRoundTrips() throws {
        let fs = DiskFileSystem()
        let dir = try TemporaryDirectory("milepost-replace")
        defer { dir.remove() }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try fs.replaceAtomically(dir.appending("big"), with: bytes)
        #expect(try fs.readWholeFile(dir.appending("big")) == bytes)
    }

    @Test func aMissingDirectoryFailsAtTheTemporaryFileNamingIt() {
        #expect(throws: FileError("open", path: "/nonexistent-milepost/x.tmp", errno: .noSuchFileOrDirectory)) {
            try DiskFileSystem().replaceAtomically("/nonexistent-milepost/x", with: [1])
        }
    }

    @Test func aFailedRenameLeavesTheOldTargetAndRemovesTheTemporary() throws {
        let fs = DiskFileSystem()
        let dir = try TemporaryDirectory("milepost-replace")
        defer { dir.remove() }
        try fs.makeDirectory(dir.appending("target"), permissions: .defaultDirectory)
        try fs.replaceAtomically(dir.appending("target/inside"), with: [1])
        #expect {
            try fs.replaceAtomically(dir.appending("target"), with: [2])
        } throws: { error in
            (error as! FileError).operation == "rename"
        }
        #expect(try fs.listDirectory(dir.path) == ["target"])
        #expect(try fs.readWholeFile(dir.appending("target/inside")) == [1])
    }

    /// Cuts the power at every write point of a replacement, with every way a cut can treat
    /// unsynced data: afterwards the file holds the old bytes or the new ones, never a mix,
    /// and once the replacement returned it holds the new ones.
    @Test func aPowerCutAtAnyPointLeavesTheOldOrTheNewContent() throws {
        let old = [UInt8](repeating: 1, count: 3000)
        let new = [UInt8](repeating: 2, count: 2000)
        var cutsThatKeptOld = 0
        var cutsThatKeptNew = 0
        for mode in FaultInjectingFileSystem.PowerCutMode.allCases {
            for point in 1...8 {
                for seed in 1...5 {
                    let fs = FaultInjectingFileSystem(seed: UInt64(seed))
                    try fs.makeDirectory("/d", permissions: .defaultDirectory)
                    try fs.replaceAtomically("/d/state", with: old)
                    fs.cutPower(atWritePoint: point)
                    let acknowledged = (try? fs.replaceAtomically("/d/state", with: new)) != nil
                    fs.powerCut(mode)
                    let after = try fs.readWholeFile("/d/state")
                    #expect(after == new || (!acknowledged && after == old), "mode \(mode), cut at \(point)")
                    if after == old { cutsThatKeptOld += 1 } else { cutsThatKeptNew += 1 }
                }
            }
        }
        #expect(cutsThatKeptOld > 0 && cutsThatKeptNew > 0)
    }
}
