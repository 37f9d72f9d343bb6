import Foundation
import MilepostCore
import Testing
@testable import MilepostStorage
import MilepostSystem
import MilepostTesting

/// Single-byte damage to acknowledged data (bit rot): reported as loss with its sequences,
/// never as a torn tail; intact neighbours kept; sequence numbers never reused.
@Suite struct DamageTests {
    func storeWithReads(_ count: Int, cropSize: Int = 500) throws -> StoreFixture {
        let fixture = StoreFixture()
        let store = try fixture.open()
        for n in 1...count { try store.append(sampleRead(n, time: baseTime + Int64(n), cropSize: cropSize)) }
        store.close()
        return fixture
    }

    func lost(_ store: ReadStore) -> [ClosedRange<UInt64>] { store.recovery.damage.compactMap(\.lostSequences) }

    @Test(arguments: [20, 100])  // in the header, in the payload
    func aFlippedByteInTheNewestAcknowledgedReadIsLossNotATornTail(byteInRecord: Int) throws {
        let fixture = try storeWithReads(5)
        let location = try #require(ReadStoreTests.offset(of: 5, in: fixture))
        fixture.fs.corrupt(StoreLayout.segmentPath("/store", 0), at: location + byteInRecord, with: [0x5A])

        let inspected = try fixture.open(.readOnly)
        #expect(inspected.recovery.tornTail == nil)
        #expect(lost(inspected) == [5...5])
        #expect(try all(inspected).map(\.sequence) == [1, 2, 3, 4])
        #expect(inspected.upcomingSequence == 6)

        let reopened = try fixture.open()
        #expect(try reopened.append(sampleRead(6, time: baseTime + 6)) == 6)
        #expect(try all(reopened).map(\.sequence) == [1, 2, 3, 4, 6])
    }

    @Test func aFlippedByteInTheHeadSegmentHeaderCostsNoReadAndNoSequence() throws {
        let fixture = try storeWithReads(30, cropSize: 600)
        let before = try fixture.open(.readOnly)
        let head = try #require(before.statistics().segments.first { $0.isHead })
        #expect(head.index > 0 && head.reads > 0)
        let live = try all(before).map(\.sequence)
        let next = before.upcomingSequence
        fixture.fs.corrupt(StoreLayout.segmentPath("/store", head.index), at: 20, with: [0x5A])

        let inspected = try fixture.open(.readOnly)
        #expect(try all(inspected).map(\.sequence) == live)
        #expect(inspected.recovery.damagedSegmentHeaders.count == 1)
        #expect(lost(inspected).isEmpty)

        let reopened = try fixture.open()
        #expect(try reopened.append(sampleRead(99, time: baseTime + 99)) == next)
        reopened.close()
        #expect(try all(try fixture.open(.readOnly)).map(\.sequence) == live + [next])
    }

    @Test func aFlippedByteInAnOlderSegmentHeaderCostsNoRead() throws {
        let fixture = try storeWithReads(30, cropSize: 600)
        let before = try fixture.open(.readOnly)
        let live = try all(before).map(\.sequence)
        let victim = try #require(before.statistics().segments.first { !$0.isHead && $0.reads > 0 })
        fixture.fs.corrupt(StoreLayout.segmentPath("/store", victim.index), at: 20, with: [0xFF])
        let reopened = try fixture.open(.readOnly)
        #expect(reopened.recovery.damagedSegmentHeaders.count == 1)
        #expect(try all(reopened).map(\.sequence) == live)
    }

    @Test func aFlippedByteInStoreMetaIsReportedAndTheSegmentHeadersStandIn() throws {
        let fixture = try storeWithReads(5)
        fixture.fs.corrupt("/store/store.meta", at: 17, with: [0x7F])
        let reopened = try fixture.open(.readOnly)
        #expect(try all(reopened).map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(reopened.recovery.damagedMetadata?.contains("store.meta") == true)
    }

    @Test func aFlippedByteInAnEarlierReadCostsOnlyThatRead() throws {
        let fixture = try storeWithReads(5)
        let location = try #require(ReadStoreTests.offset(of: 3, in: fixture))
        fixture.fs.corrupt(StoreLayout.segmentPath("/store", 0), at: location + 9, with: [0x01])  // generation
        let reopened = try fixture.open(.readOnly)
        #expect(lost(reopened) == [3...3])
        #expect(try all(reopened).map(\.sequence) == [1, 2, 4, 5])
    }

    @Test func nonZeroPaddingIsReportedAndTheReadKept() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let read = sampleRead(1, cropSize: 501)
        try store.append(read)
        store.close()
        let payload = ReadPayload.encode(read).count
        #expect((Format.headerSize + payload) % 16 != 0)
        fixture.fs.corrupt(StoreLayout.segmentPath("/store", 0), at: Format.headerSize + Format.headerSize + payload, with: [0x01])
        let reopened = try fixture.open(.readOnly)
        #expect(try reopened.read(sequence: 1).read == read)
        #expect(reopened.recovery.damage.count == 1)
        #expect(reopened.recovery.damage.first?.reason.contains("padding") == true)
        #expect(lost(reopened).isEmpty)
    }

    @Test func anUnacknowledgedTornWriteIsATornTailAndCostsNothing() throws {
        let fixture = try storeWithReads(3)
        let store = try fixture.open()
        fixture.fs.cutPower(atWritePoint: 2)  // the record's pwrite lands, its fdatasync dies
        #expect(throws: StoreError.self) { try store.append(sampleRead(4, time: baseTime + 4, cropSize: 900)) }
        fixture.fs.powerCut(.tornSector)
        let reopened = try fixture.open(.readOnly)
        #expect(lost(reopened).isEmpty)
        #expect(reopened.recovery.damage.isEmpty)
    }

    @Test func everyAcknowledgedAppendIsVouchedForByACommitMarker() throws {
        let fixture = try storeWithReads(4)
        let bytes = try #require(fixture.fs.durableContents(of: StoreLayout.segmentPath("/store", 0)))
        let scan = SegmentScanner.scan(bytes, generation: 1, after: 0)
        let markers = scan.records.filter { $0.header.kind == .commit }.map(\.header.sequence)
        #expect(markers == [1, 2, 3, 4])
    }

    /// R1, its marker, a damaged slot, R3 and its marker; `markers` say what was acknowledged.
    func ledgerRegions(markers: [ClosedRange<UInt64>]) -> [DamagedRegion] {
        func header(_ kind: RecordHeader.Kind, _ sequence: UInt64) -> RecordHeader {
            RecordHeader(kind: kind, generation: 1, sequence: sequence, captureTime: UTCTime(millisecondsSinceEpoch: 1),
                         payloadLength: 0, plate: PlateKey(bytes: []))
        }
        var ledger = SequenceLedger(acknowledged: AcknowledgedSequences(markers), start: 0)
        ledger.valid(segment: 0, offset: 64, header: header(.read, 1))
        ledger.valid(segment: 0, offset: 128, header: .commitMarker(generation: 1, acknowledging: markers[0]))
        ledger.damaged(segment: 0, InvalidSpan(offset: 192, length: 512, reason: "torn"))
        ledger.valid(segment: 0, offset: 704, header: header(.read, 3))
        ledger.valid(segment: 0, offset: 768, header: .commitMarker(generation: 1, acknowledging: markers[1]))
        #expect(ledger.finish(headSegment: 0) == nil)
        return ledger.regions
    }

    @Test func aNumberSkippedByAPowerCutIsNeverCountedAsAcknowledged() {
        let skipped = ledgerRegions(markers: [1...1, 3...3])
        #expect(skipped.map(\.lostSequences) == [nil])
        #expect(skipped.map(\.unacknowledgedSequences) == [2...2])
        let lost = ledgerRegions(markers: [1...1, 2...3])
        #expect(lost.map(\.lostSequences) == [2...2])
    }
}
