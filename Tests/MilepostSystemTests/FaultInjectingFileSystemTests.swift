import MilepostSystem
import MilepostTesting
import SystemPackage
import Testing

@Suite struct FaultInjectingFileSystemTests {
    func makeFile(_ fs: FaultInjectingFileSystem) throws -> any OpenFile {
        try fs.makeDirectory("/d")
        let file = try fs.openFile("/d/f", create: true)
        try file.write([UInt8](repeating: 7, count: 1024), at: 0)
        try file.dataSync()
        try fs.syncDirectory("/d")
        return file
    }

    @Test func syncedWritesSurviveAndUnsyncedAreDropped() throws {
        let fs = FaultInjectingFileSystem()
        let file = try makeFile(fs)
        try file.write([1, 1], at: 0)
        #expect(try file.read(count: 2, at: 0) == [1, 1])
        fs.powerCut(.dropUnsynced)
        let reopened = try fs.openFile("/d/f", create: false)
        #expect(try reopened.read(count: 3, at: 0) == [7, 7, 7])
    }

    @Test func aNewNameIsLostWithoutADirectorySync() throws {
        let fs = FaultInjectingFileSystem()
        _ = try makeFile(fs)
        let other = try fs.openFile("/d/g", create: true)
        try other.write([9], at: 0)
        try other.dataSync()
        #expect(fs.exists("/d/g"))
        fs.powerCut(.dropUnsynced)
        #expect(!fs.exists("/d/g"))
        #expect(fs.exists("/d/f"))
    }

    @Test func armedCutFailsThatCallAndEveryLaterOne() throws {
        let fs = FaultInjectingFileSystem()
        let file = try makeFile(fs)
        fs.cutPower(atWritePoint: 2)
        try file.write([2], at: 0)
        #expect(throws: FileError.self) { try file.dataSync() }
        #expect(fs.isPoweredOff)
        #expect(throws: FileError.self) { _ = try file.read(count: 1, at: 0) }
        fs.powerCut(.dropUnsynced)
        #expect(try fs.openFile("/d/f", create: false).read(count: 1, at: 0) == [7])
    }

    @Test func subsetAndReorderedCutsKeepOnlyWrittenValues() throws {
        for mode in [FaultInjectingFileSystem.PowerCutMode.randomSubset, .reordered] {
            var sawPartial = false
            for seed in 1...20 {
                let fs = FaultInjectingFileSystem(seed: UInt64(seed))
                let file = try makeFile(fs)
                for i in 0..<8 { try file.write([UInt8](repeating: UInt8(i + 10), count: 64), at: Int64(i * 64)) }
                fs.powerCut(mode)
                let bytes = try fs.openFile("/d/f", create: false).read(count: 512, at: 0)
                var kept = 0
                for i in 0..<8 {
                    let chunk = Array(bytes[i * 64..<(i + 1) * 64])
                    #expect(chunk == [UInt8](repeating: 7, count: 64) || chunk == [UInt8](repeating: UInt8(i + 10), count: 64))
                    if chunk[0] != 7 { kept += 1 }
                }
                if kept > 0 && kept < 8 { sawPartial = true }
            }
            #expect(sawPartial, "mode \(mode) never kept a strict subset")
        }
    }

    @Test func reorderedCutCanLetAnEarlierWriteLandLast() throws {
        var sawEarlierLast = false
        for seed in 1...40 where !sawEarlierLast {
            let fs = FaultInjectingFileSystem(seed: UInt64(seed))
            let file = try makeFile(fs)
            try file.write([1], at: 0)
            try file.write([2], at: 0)
            fs.powerCut(.reordered)
            if try fs.openFile("/d/f", create: false).read(count: 1, at: 0) == [1] { sawEarlierLast = true }
        }
        #expect(sawEarlierLast)
    }

    @Test func tornSectorPutsGarbageInOneSector() throws {
        var sawGarbage = false
        for seed in 1...20 {
            let fs = FaultInjectingFileSystem(seed: UInt64(seed))
            let file = try makeFile(fs)
            try file.write([UInt8](repeating: 5, count: 1024), at: 0)
            fs.powerCut(.tornSector)
            let bytes = try fs.openFile("/d/f", create: false).read(count: 1024, at: 0)
            if bytes.contains(where: { $0 != 5 && $0 != 7 }) { sawGarbage = true }
        }
        #expect(sawGarbage)
    }

    @Test func injectedErrorsCarryTheirErrno() throws {
        let fs = FaultInjectingFileSystem()
        let file = try makeFile(fs)
        fs.injectError(.noSpace, on: .write)
        #expect { try file.write([1], at: 0) } throws: { ($0 as! FileError).errno == .noSpace }
        try file.write([1], at: 0)
        fs.injectError(.ioError, on: .dataSync)
        #expect { try file.dataSync() } throws: { ($0 as! FileError).errno == .ioError }
        // The failed sync dropped the dirty data: a cut now loses it even though a retry succeeds.
        try file.dataSync()
        fs.powerCut(.dropUnsynced)
        #expect(try fs.openFile("/d/f", create: false).read(count: 1, at: 0) == [7])
    }

    @Test func aPersistentFailureHoldsUntilStopped() throws {
        let fs = FaultInjectingFileSystem()
        let file = try makeFile(fs)
        fs.failEvery(.write, with: .noSpace)
        for _ in 0..<3 {
            #expect { try file.write([1], at: 0) } throws: { ($0 as! FileError).errno == .noSpace }
        }
        #expect(try file.read(count: 1, at: 0) == [7])
        fs.stopFailing(.write)
        try file.write([1], at: 0)
        #expect(try file.read(count: 1, at: 0) == [1])
    }

    @Test func anUnsyncedTruncationIsUndoneByACut() throws {
        let fs = FaultInjectingFileSystem()
        let file = try makeFile(fs)
        try file.truncate(to: 10)
        #expect(try file.size() == 10)
        fs.powerCut(.dropUnsynced)
        #expect(try fs.openFile("/d/f", create: false).size() == 1024)
    }

    @Test func modesOwnersAndTamperingAreVisibleThroughStatus() throws {
        let fs = FaultInjectingFileSystem(currentUserID: 42)
        try fs.makeDirectory("/d")
        try fs.replaceAtomically("/d/key", with: [1, 2], permissions: .ownerReadWrite)
        #expect(try fs.status("/d/key") == FileStatus(permissions: .ownerReadWrite, ownerUserID: 42, size: 2, isDirectory: false))
        fs.setAttributes("/d/key", permissions: [.ownerReadWrite, .otherRead], owner: 0)
        #expect(try fs.status("/d/key")?.ownerUserID == 0)
        fs.overwrite("/d/key", with: [9, 9, 9])
        fs.powerCut(.dropUnsynced)
        #expect(try fs.readWholeFile("/d/key") == [9, 9, 9])
    }
}
