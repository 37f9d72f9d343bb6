import Foundation
import MilepostCore
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

let baseTime: Int64 = 1_790_000_000_000
let hour: Int64 = 3_600_000

/// A small store on the fault double: 4 segments of 8 KiB.
struct StoreFixture {
    let fs = FaultInjectingFileSystem(seed: 7)
    let clock = ManualWallClock(UTCTime(millisecondsSinceEpoch: baseTime))
    var configuration = StoreConfiguration(
        directory: "/store", capacityBytes: 4 * 8192, segmentSize: 8192, retentionDays: 30,
        maxCropBytes: 2048, maxContextBytes: 1024)

    func open(_ mode: ReadStore.OpenMode = .readWrite(createIfMissing: true)) throws -> ReadStore {
        try ReadStore.open(configuration, fileSystem: fs, clock: clock, mode: mode)
    }

    /// Power-cycles: everything unsynced is resolved by `mode`, then the store reopens.
    func reopenAfterCut(_ store: ReadStore, _ mode: FaultInjectingFileSystem.PowerCutMode = .dropUnsynced) throws -> ReadStore {
        fs.powerCut(mode)
        return try open()
    }
}

func all(_ store: ReadStore) throws -> [StoredRead] {
    Array(try store.query(.all))
}
