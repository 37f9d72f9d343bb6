import Foundation
import MilepostCore
import Testing
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

func sampleRead(_ n: Int = 1, plate: String = "ABC123", time: Int64 = 1_790_000_000_000, cropSize: Int = 40, context: Bool = false) -> PlateRead {
    var generator = SplitMix64(seed: UInt64(n))
    return PlateRead(
        readID: UUID(uuid: (UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)),
        captureTime: UTCTime(millisecondsSinceEpoch: time),
        unitID: "unit-7", cameraID: "cam-north", plate: try! PlateText(normalizing: plate), confidence: 930,
        alternatives: [AlternativeReading(plate: "A8C123", confidence: 400)],
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
        let meta = StoreMetadata(storeID: 5, segmentSize: 1 << 20, segmentCount: 8, createdAt: UTCTime(millisecondsSinceEpoch: 12))
        #expect(try StoreMetadata.decode(meta.encode()) == meta)
        var bad = meta.encode()
        bad[10] ^= 0x40
        #expect(throws: DecodeError.self) { try StoreMetadata.decode(bad) }
    }

    @Test func evidenceRoundTrips() throws {
        let header = EvidenceHeader(sequence: 4, heldAt: UTCTime(millisecondsSinceEpoch: 99), recordLength: 3, approvalID: "APR-1")
        let (decoded, record) = try EvidenceHeader.decode(header.encode(record: [1, 2, 3]))
        #expect(decoded == header)
        #expect(Array(record) == [1, 2, 3])
    }

    @Test func aPlateStoredWithSeparatorsOrTheLetterOIsReadBackNormalised() throws {
        let read = sampleRead(plate: "CJ0123")
        let payload = ReadPayload.encode(read)
        let header = RecordHeader(kind: .read, generation: 1, sequence: 1, captureTime: read.captureTime,
                                  payloadLength: UInt32(payload.count), plate: PlateKey(bytes: Array("CJO 123".utf8)))
        let record = header.encodeRecord(payload: payload)
        let decoded = try RecordHeader.decode(record[...])
        #expect(decoded.plate == PlateKey("CJ0123"))
        #expect(try ReadPayload.decode(record[64..<64 + payload.count], header: decoded).plate == "CJ0123")
    }

    @Test func storedPlateRulesNameTheProblem() {
        func problem(_ text: String) -> String? {
            if case .failure(let problem) = StoredPlate.decode(Array(text.utf8)) { return problem.description }
            return nil
        }
        #expect(problem("AB 12-3") == nil)
        #expect(problem("")?.contains("empty") == true)
        #expect(problem("abc")?.contains("\"a\"") == true)
        #expect(problem(String(repeating: "A", count: 17))?.contains("17") == true)
        #expect(problem("AB-123 XYZ-999")?.contains("has 11 characters; at most 10") == true)
        #expect(StoredPlate.problem(with: "AB?1")?.contains("unknown character") == true)
        #expect(PlateKey("XYZ9").text == "XYZ9")
        #expect(PlateKey(bytes: Array(repeating: UInt8(ascii: "Z"), count: 16)).text.count == 16)
    }

    @Test func timestampKeepsMilliseconds() {
        let time = UTCTime(millisecondsSinceEpoch: 1_790_000_000_123)
        #expect(time.description.hasSuffix(".123Z"))
        #expect(UTCTime(rfc3339: time.description) == time)
    }
}
