import Foundation
import MilepostCore
import Testing
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

/// The decoders check what STORAGE-SPEC.md says is checked, even under a valid CRC.
@Suite struct FormatChecksTests {
    /// Rewrites the CRC in the last four bytes of a 64-byte header block after an edit.
    func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        let crc = CRC32C.checksum(bytes[0..<60])
        for i in 0..<4 { bytes[60 + i] = UInt8(truncatingIfNeeded: crc >> (8 * i)) }
        return bytes
    }

    func field(of error: any Error) -> String { (error as? DecodeError)?.field ?? "\(error)" }

    @Test func storeMetaNeedsTwoSegmentsAndA64ByteHeader() throws {
        let meta = StoreMetadata(storeID: 5, segmentSize: 1 << 20, segmentCount: 1, createdAt: UTCTime(millisecondsSinceEpoch: 12))
        #expect { try StoreMetadata.decode(meta.encode()) } throws: { field(of: $0) == "store.meta segment count" }
        var bytes = StoreMetadata(storeID: 5, segmentSize: 1 << 20, segmentCount: 2, createdAt: UTCTime(millisecondsSinceEpoch: 12)).encode()
        bytes[6] = 65
        #expect { try StoreMetadata.decode(resealed(bytes)) } throws: { field(of: $0) == "store.meta header length" }
    }

    @Test func segmentHeaderMustAgreeWithStoreMeta() {
        let meta = StoreMetadata(storeID: 5, segmentSize: 8192, segmentCount: 4, createdAt: UTCTime(millisecondsSinceEpoch: 0))
        let header = SegmentHeader(storeID: 5, generation: 6, index: 1, segmentCount: 4, segmentSize: 8192, firstSequence: 1)
        #expect(header.mismatch(meta, index: 1) == nil)
        var count = header
        count.segmentCount = 8
        #expect(count.mismatch(meta, index: 1)?.contains("segment count") == true)
        var size = header
        size.segmentSize = 4096
        #expect(size.mismatch(meta, index: 1)?.contains("segment size") == true)
    }

    @Test func aSegmentFileLongerThanTheSegmentSizeIsRefused() throws {
        let fixture = StoreFixture()
        try fixture.open().append(sampleRead(1))
        let file = try fixture.fs.openFile(StoreLayout.segmentPath("/store", 2), create: false)
        try file.write([1], at: 8192)
        #expect { _ = try fixture.open(.readOnly) } throws: {
            guard case .damaged(let path, let error) = $0 as! StoreError else { return false }
            return path.hasSuffix("segment-00002") && error.field == "segment file size"
        }
    }

    func payload(_ read: PlateRead) -> (RecordHeader, [UInt8]) {
        let bytes = ReadPayload.encode(read)
        return (RecordHeader(kind: .read, generation: 1, sequence: 1, captureTime: read.captureTime,
                             payloadLength: UInt32(bytes.count), plate: PlateKey(read.plate)), bytes)
    }

    @Test func anUndefinedOptionalFieldBitIsRefused() {
        var (header, bytes) = payload(sampleRead())
        bytes[bytes.count - 1] = 8
        #expect { _ = try ReadPayload.decode(bytes[...], header: header) } throws: { field(of: $0) == "optional fields" }
    }

    @Test func theStateTravelsWithTheReadAndMustBeTwoCapitalLetters() throws {
        var read = sampleRead(context: true)
        read.state = "MA"
        let (header, bytes) = payload(read)
        #expect(try ReadPayload.decode(bytes[...], header: header) == read)

        var lower = bytes
        lower[lower.count - 2] = UInt8(ascii: "m")
        #expect { _ = try ReadPayload.decode(lower[...], header: header) } throws: { field(of: $0) == "state" }
    }

    @Test func aPassTravelsWithTheReadAndAgreedMustBeWithinRead() throws {
        var read = sampleRead(context: true)
        read.state = "MA"
        read.pass = PassAgreement(framesRead: 5, framesAgreed: 4)
        let (header, bytes) = payload(read)
        #expect(try ReadPayload.decode(bytes[...], header: header) == read)

        var moreAgreedThanRead = bytes
        moreAgreedThanRead[moreAgreedThanRead.count - 1] = 6
        #expect { _ = try ReadPayload.decode(moreAgreedThanRead[...], header: header) } throws: { field(of: $0) == "frames agreed" }
    }

    @Test func aStoredUnitOrCameraIdThatBreaksTheIdRuleIsRefused() {
        var (header, bytes) = payload(sampleRead())
        let camera = Array("cam-north".utf8)
        let at = (0...(bytes.count - camera.count)).first { Array(bytes[$0..<($0 + camera.count)]) == camera }!
        bytes[at + 3] = UInt8(ascii: " ")
        #expect { _ = try ReadPayload.decode(bytes[...], header: header) } throws: { field(of: $0) == "camera id" }
    }

    @Test func bytesAfterThePayloadsLastFieldAreRefused() {
        let (header, bytes) = payload(sampleRead())
        #expect { _ = try ReadPayload.decode((bytes + [0])[...], header: header) } throws: { field(of: $0) == "payload" }
    }

    @Test func stringAndAlternativeLimitsAreCheckedWhenReading() {
        var long = sampleRead()
        long.authorizationID = String(repeating: "a", count: 129)
        let (header, bytes) = payload(long)
        #expect { _ = try ReadPayload.decode(bytes[...], header: header) } throws: { field(of: $0) == "authorization id" }

        var many = sampleRead()
        many.alternatives = Array(repeating: AlternativeReading(plate: "AB1", confidence: 100), count: 9)
        let (manyHeader, manyBytes) = payload(many)
        #expect { _ = try ReadPayload.decode(manyBytes[...], header: manyHeader) } throws: { field(of: $0) == "alternative count" }
    }

    @Test func nonZeroPaddingFailsThePaddingCheck() {
        let (header, bytes) = payload(sampleRead(cropSize: 41))
        var record = header.encodeRecord(payload: bytes)
        #expect(record.count > Format.headerSize + bytes.count)
        #expect(throws: Never.self) { try RecordHeader.checkPadding(record[...], payloadLength: bytes.count) }
        record[record.count - 1] = 1
        #expect { try RecordHeader.checkPadding(record[...], payloadLength: bytes.count) } throws: { field(of: $0) == "record padding" }
    }

    @Test func anErasedRecordKeepsThePayloadLength() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let read = sampleRead(1, cropSize: 333)
        try store.append(read)
        let length = UInt32(ReadPayload.encode(read).count)
        #expect(length % 16 != 0)
        fixture.clock.advance(milliseconds: 31 * 24 * hour)
        #expect(try store.purge().erasedCount == 1)
        let bytes = try #require(fixture.fs.durableContents(of: StoreLayout.segmentPath("/store", 0)))
        let erased = try RecordHeader.decode(bytes[Format.headerSize...])
        #expect(erased.kind == .erased)
        #expect(erased.payloadLength == length)
    }

    @Test(arguments: [Int64(1) << 58, Int64.max, -1, 0])
    func anyCapacityIsValidatedWithoutTrapping(capacity: Int64) {
        let configuration = StoreConfiguration(directory: "/store", capacityBytes: capacity)
        #expect { try configuration.validate() } throws: {
            guard case .invalidConfiguration(let why) = $0 as! StoreError else { return false }
            return why.contains("capacityBytes is \(capacity)") && why.contains("2 to 100000")
        }
    }

    @Test(arguments: [Int64(0), -5, Int64(1) << 40])
    func anySegmentSizeIsValidatedWithoutTrapping(segmentSize: Int64) {
        let configuration = StoreConfiguration(directory: "/store", capacityBytes: 1 << 30, segmentSize: segmentSize)
        #expect { try configuration.validate() } throws: {
            guard case .invalidConfiguration(let why) = $0 as! StoreError else { return false }
            return why.contains("segmentSize is \(segmentSize)")
        }
    }

    @Test func statisticsCountOnlyReadsWithinRetention() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        try store.append(sampleRead(1, time: baseTime))
        store.close()
        fixture.clock.advance(milliseconds: 20 * 24 * hour)
        var tenDays = fixture.configuration
        tenDays.retentionDays = 10
        let inspected = try ReadStore.open(tenDays, fileSystem: fixture.fs, clock: fixture.clock, mode: .readOnly)
        #expect(inspected.statistics().liveReads == 0)
        #expect(inspected.statistics().oldest == nil)
        #expect(try fixture.open(.readOnly).statistics().liveReads == 1)
    }
}
