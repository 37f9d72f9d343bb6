import MilepostCore
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting
import Testing

@Suite struct UploadCursorTests {
    @Test func theCursorStartsAtZeroAndKeepsWhatWasAcknowledgedAcrossAPowerCut() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let cursor = try UploadCursor.open(for: store, fileSystem: fixture.fs)
        #expect(cursor.acknowledgedThrough == 0)
        try cursor.advance(to: 17)
        try cursor.advance(to: 9)  // never backwards
        #expect(cursor.acknowledgedThrough == 17)
        let reopened = try fixture.reopenAfterCut(store)
        #expect(try UploadCursor.open(for: reopened, fileSystem: fixture.fs).acknowledgedThrough == 17)
        #expect(fixture.fs.durableContents(of: "/store/upload.cursor")?.count == 64)
    }

    @Test func aDamagedCursorOrOneOfAnotherStoreIsRefusedNamingTheFile() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try UploadCursor.open(for: store, fileSystem: fixture.fs).advance(to: 5)
        fixture.fs.corrupt("/store/upload.cursor", at: 20, with: [0x7F])
        let damaged = #expect(throws: StoreError.self) { try UploadCursor.open(for: store, fileSystem: fixture.fs) }
        #expect(damaged.map { "\($0)".contains("/store/upload.cursor") && "\($0)".contains("upload.cursor header crc") } == true)
        fixture.fs.overwrite("/store/upload.cursor", with: UploadCursor.encode(storeID: store.storeID &+ 1, acknowledgedThrough: 5))
        let foreign = #expect(throws: StoreError.self) { try UploadCursor.open(for: store, fileSystem: fixture.fs) }
        #expect(foreign.map { "\($0)".contains("upload.cursor store id") && "\($0)".contains("remove it") } == true)
    }

    /// Cuts the power at every write point of a run of advances, in every cut mode: after the
    /// power comes back the cursor holds the last advance that returned, or the one the cut
    /// interrupted (the server had acknowledged it): never more, never less, and no temporary
    /// is left.
    @Test func aPowerCutAtAnyWriteOfTheCursorNeitherPassesTheAcknowledgedNorGoesBack() throws {
        let targets: [UInt64] = [3, 40, 41, 200, 1_000_000]
        func advances(_ cursor: UploadCursor, returned: inout UInt64, inFlight: inout UInt64?) throws {
            for target in targets {
                inFlight = target
                try cursor.advance(to: target)
                returned = target
                inFlight = nil
            }
        }
        var writePoints = 0
        do {
            let fixture = StoreFixture()
            let cursor = try UploadCursor.open(for: try fixture.open(), fileSystem: fixture.fs)
            let before = fixture.fs.writePoints
            var returned: UInt64 = 0
            var inFlight: UInt64?
            try advances(cursor, returned: &returned, inFlight: &inFlight)
            writePoints = fixture.fs.writePoints - before
        }
        #expect(writePoints >= targets.count * 4)
        var cuts = 0
        for point in 1...writePoints {
            for mode in FaultInjectingFileSystem.PowerCutMode.allCases {
                let fixture = StoreFixture()
                let store = try fixture.open()
                let cursor = try UploadCursor.open(for: store, fileSystem: fixture.fs)
                fixture.fs.cutPower(atWritePoint: point)
                var returned: UInt64 = 0
                var inFlight: UInt64?
                #expect(throws: StoreError.self) { try advances(cursor, returned: &returned, inFlight: &inFlight) }
                #expect(cursor.acknowledgedThrough == returned)
                fixture.fs.powerCut(mode)
                let recovered = try UploadCursor.open(for: try fixture.open(), fileSystem: fixture.fs)
                let allowed = Set([returned] + (inFlight.map { [$0] } ?? []))
                #expect(allowed.contains(recovered.acknowledgedThrough), "cut at write \(point) (\(mode)): the cursor is \(recovered.acknowledgedThrough), allowed \(allowed.sorted())")
                #expect(!fixture.fs.exists("/store/upload.cursor.tmp"), "cut at write \(point) (\(mode)): the temporary was left")
                cuts += 1
            }
        }
        #expect(cuts == writePoints * FaultInjectingFileSystem.PowerCutMode.allCases.count)
    }
}
