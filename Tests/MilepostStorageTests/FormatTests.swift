import Foundation
import Testing
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

func sampleRead(_ n: Int = 1, plate: String = "ABC123", time: Int64 = 1_790_000_000_000, cropSize: Int = 40, context: Bool = false) -> PlateRead {
    var generator = SplitMix64(seed: UInt64(n))
    return PlateRead(
        readID: UUID(uuid: (UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)),
        captureTime: Timestamp(millisecondsSinceEpoch: time),
        unitID: "unit-7", cameraID: "cam-north", plate: plate, confidence: 0.93,
        alternatives: [AlternativeReading(plate: "A8C123", confidence: 0.4)],
        box: PlateBox(x: 10, y: 20, width: 120, height: 30), authorizationID: "auth-2026-0042",
        crop: (0..<cropSize).map { _ in UInt8(truncatingIfNeeded: generator.next()) },
        context: context ? [0xFF, 0xD8, 1, 2, 3] : nil)
}

@Suite struct FormatTests {
    @Test func recordRoundTripsAndChecksBothCRCs() throws {
        let read = sampleRead(context: true)
        let payload = ReadPayload.encode(read)
        let header = RecordHeader(kind: .read, generation: 9, sequence: 77, captureTime: read.captureTime,
                                  payloadLength: UInt32(payload.count), plate: PlateKey(read.plate))
        let record = header.encodeRecord(payload: payload)
        #expect(record.count % 16 == 0)
        #expect(try RecordHeader.decode(record[...]) == header)
        try RecordHeader.checkRecordCRC(record[...], payloadLength: payload.count)
        #expect(try ReadPayload.decode(record[64..<64 + payload.count], header: header) == read)

        var damagedPayload = record
        damagedPayload[70] ^= 1
        #expect(try RecordHeader.decode(damagedPayload[...]) == header)
        #expect(throws: DecodeError.self) { try RecordHeader.checkRecordCRC(damagedPayload[...], payloadLength: payload.count) }

        var damagedHeader = record
        damagedHeader[20] ^= 1
        #expect { _ = try RecordHeader.decode(damagedHeader[...]) } throws: {
            ($0 as! DecodeError).field == "record header crc"
        }
    }

    @Test func segmentHeaderAndMetadataRoundTrip() throws {
        let segment = SegmentHeader(storeID: 5, generation: 12, index: 3, segmentCount: 8, segmentSize: 1 << 20, firstSequence: 33)
        #expect(try SegmentHeader.decode(segment.encode()) == segment)
        let meta = StoreMetadata(storeID: 5, segmentSize: 1 << 20, segmentCount: 8, createdAt: Timestamp(millisecondsSinceEpoch: 12))
        #expect(try StoreMetadata.decode(meta.encode()) == meta)
        var bad = meta.encode()
        bad[10] ^= 0x40
        #expect(throws: DecodeError.self) { try StoreMetadata.decode(bad) }
    }

    @Test func evidenceRoundTrips() throws {
        let header = EvidenceHeader(sequence: 4, heldAt: Timestamp(millisecondsSinceEpoch: 99), recordLength: 3, approvalID: "APR-1")
        let (decoded, record) = try EvidenceHeader.decode(header.encode(record: [1, 2, 3]))
        #expect(decoded == header)
        #expect(Array(record) == [1, 2, 3])
    }

    @Test func plateRulesNameTheProblem() {
        #expect(PlateText.problem(with: "AB 12-3") == nil)
        #expect(PlateText.problem(with: "")?.contains("empty") == true)
        #expect(PlateText.problem(with: "abc")?.contains("\"a\"") == true)
        #expect(PlateText.problem(with: String(repeating: "A", count: 17))?.contains("17") == true)
        #expect(PlateKey("XYZ9").text == "XYZ9")
        #expect(PlateKey(String(repeating: "Z", count: 16)).text.count == 16)
    }

    @Test func timestampKeepsMilliseconds() {
        let time = Timestamp(millisecondsSinceEpoch: 1_790_000_000_123)
        #expect(time.description.hasSuffix(".123Z"))
        #expect(Timestamp(iso8601: time.description) == time)
    }
}
