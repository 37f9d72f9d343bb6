import MilepostSystem
import MilepostTesting
import Testing

@testable import MilepostHotlist

@Suite struct WriterLockTests {
    @Test func aSecondWriterIsRefusedUntilTheFirstLetsGo() throws {
        let directory = try TemporaryDirectory("milepost-writer-lock")
        defer { directory.remove() }
        do {
            let first = try WriterLock(directory: directory.path)
            #expect(throws: WriterLock.Held(path: directory.appending("writer.lock"))) { try WriterLock(directory: directory.path) }
            withExtendedLifetime(first) {}
        }
        let again = try WriterLock(directory: directory.path)
        #expect(again.path == directory.appending("writer.lock"))
    }

    @Test func theLockIsTakenThroughTheInjectedFileSystem() throws {
        let files = FaultInjectingFileSystem()
        let first = try WriterLock(directory: "/o", fileSystem: files)
        #expect(throws: WriterLock.Held(path: "/o/writer.lock")) { try WriterLock(directory: "/o", fileSystem: files) }
        withExtendedLifetime(first) {}
    }
}
