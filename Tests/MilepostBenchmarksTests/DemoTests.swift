import Foundation
import MilepostCore
import MilepostImaging
import MilepostStorage
import Testing
@testable import MilepostBenchmarks

@Suite struct DemoNoticeTests {
    @Test func theNoticeHitsTheDemoListWithDecodableImages() throws {
        let notice = try DemoNotice.make(plate: "abc 1234", capturedAtMillis: 42, id: "n1")
        #expect(notice.id == "n1" && notice.plate == "ABC1234" && notice.capturedAtMillis == 42)
        #expect(notice.hits.map(\.list) == ["demo"])
        let crop = try JPEG.decodeLuma(Array(try #require(notice.plateCrop)))
        let context = try JPEG.decodeLuma(Array(try #require(notice.contextImage)))
        #expect((crop.width, crop.height) == (160, 40))
        #expect((context.width, context.height) == (320, 180))
        // Dark on the left, light on the right.
        #expect(crop[0, 20] < 10 && crop[159, 20] > 240)
    }

    @Test func imagesCanBeLeftOut() throws {
        let notice = try DemoNotice.make(plate: "AB12", capturedAtMillis: 0, id: "n2", images: false)
        #expect(notice.plateCrop == nil && notice.contextImage == nil)
    }
}

@Suite struct DemoReadsTests {
    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("demo-reads-\(UUID().uuidString)").path
    }

    @Test func readsParseFromPlateAtTime() throws {
        let read = try DemoReads.Read(parsing: "ABC123@2026-11-29T08:00:00Z")
        #expect(read.plate == "ABC123")
        #expect(read.time == UTCTime(rfc3339: "2026-11-29T08:00:00Z"))
        for bad in ["ABC123", "ABC123@yesterday", "@2026-11-29T08:00:00Z", "AB#1@2026-11-29T08:00:00Z"] {
            #expect(throws: DemoReads.Refusal(description: "--read \(bad.debugDescription) is not PLATE@TIME such as ABC123@2026-11-29T08:00:00Z")) {
                try DemoReads.Read(parsing: bad)
            }
        }
    }

    @Test func aNewStoreHoldsTheReadsAndAnExistingStoreIsRefused() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let demo = DemoReads(directory: directory, unit: "unit-7", authorization: "AUTH")
        #expect(try demo.create(["ABC123@2026-11-29T08:00:00Z", "XYZ9@2026-11-29T09:30:00Z"]) == 2)
        do {
            let store = try ReadStore.open(StoreConfiguration(directory: directory, capacityBytes: 4 << 20, segmentSize: 1 << 20), mode: .readOnly)
            defer { store.close() }
            let reads = Array(try store.query(.all))
            #expect(reads.map(\.read.plate) == ["ABC123", "XYZ9"])
            #expect(reads.allSatisfy { $0.read.unitID == "unit-7" && $0.read.authorizationID == "AUTH" })
        }
        #expect(throws: DemoReads.Refusal(description: "\(directory) already holds a store; demo-reads only creates new demonstration stores")) {
            try demo.create(["NEW1@2026-11-29T10:00:00Z"])
        }
    }
}
