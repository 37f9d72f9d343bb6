import MilepostCore
import MilepostIngest
import MilepostPolicy
import MilepostTesting
import Testing

@Suite struct ReadBatchTests {
    let unitKey = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Leicester PD"))

    func batch() throws -> ReadBatch {
        let reads = try (1...3).map { n in
            SequencedRead(sequence: UInt64(100 + n), read: .sample(try PlateText(normalizing: "ABC12\(n)"), confidence: 870,
                                                                    at: UTCTime(millisecondsSinceEpoch: 1_795_000_000_000 + Int64(n))))
        }
        return ReadBatch(unitID: "unit-7", reads: reads, overwrittenBeforeUpload: 2)
    }

    @Test func aBatchComesBackAsItWasSent() throws {
        let sent = try batch()
        let received = try ReadBatchCodec.decode(ReadBatchCodec.encode(sent))
        #expect(received.reads.map(\.sequence) == [101, 102, 103])
        #expect(received.overwrittenBeforeUpload == 2)
        #expect(received.reads.map(\.read.plate) == sent.reads.map(\.read.plate))
        #expect(received.reads.map(\.read.crop) == sent.reads.map(\.read.crop))
        #expect(received.reads.map(\.read.readID) == sent.reads.map(\.read.readID))
        #expect(received.reads.map(\.read.captureTime) == sent.reads.map(\.read.captureTime))
    }

    @Test func aPassTravelsWithItsReadAndMustBeWhole() throws {
        var sent = try batch()
        sent.reads[1].read.pass = PassAgreement(framesRead: 5, framesAgreed: 3)
        let received = try ReadBatchCodec.decode(ReadBatchCodec.encode(sent))
        #expect(received.reads.map(\.read.pass) == [nil, PassAgreement(framesRead: 5, framesAgreed: 3), nil])

        let body = String(decoding: ReadBatchCodec.encode(sent), as: UTF8.self)
        #expect(throws: IngestError(.malformedBatch, "batch read 1 (seq 102) field 'framesAgreed': 6 of 5 frames; need 1 <= framesAgreed <= framesRead <= 255")) {
            try ReadBatchCodec.decode(Array(body.replacingOccurrences(of: "\"framesAgreed\":3", with: "\"framesAgreed\":6").utf8))
        }
        #expect(throws: IngestError(.malformedBatch, "batch read 1 (seq 102) field 'framesAgreed': is missing; a pass has both framesRead and framesAgreed")) {
            try ReadBatchCodec.decode(Array(body.replacingOccurrences(of: ",\"framesAgreed\":3", with: "").utf8))
        }
    }

    @Test func badBatchesNameTheReadAndField() throws {
        var body = String(decoding: ReadBatchCodec.encode(try batch()), as: UTF8.self)
        body = body.replacingOccurrences(of: "\"confidence\":870", with: "\"confidence\":1870")
        #expect(throws: IngestError.self) { try ReadBatchCodec.decode(Array(body.utf8)) }
        do {
            _ = try ReadBatchCodec.decode(Array(body.utf8))
        } catch {
            #expect(error.message.contains("batch read 0 (seq 101) field 'confidence'"))
        }
        var reversed = try batch()
        reversed.reads.reverse()
        do {
            _ = try ReadBatchCodec.decode(ReadBatchCodec.encode(reversed))
            Issue.record("out-of-order batch accepted")
        } catch {
            #expect(error.code == .outOfOrder)
        }
    }

    @Test func onlyTheRegisteredKeyOfThatUnitSignsItsBatches() throws {
        let body = ReadBatchCodec.encode(try batch())
        let header = try BatchSignature.header(for: body, unitID: "unit-7", unitKey: unitKey)
        let registered = [unitKey.id: unitKey.publicKey]
        #expect(try BatchSignature.verify(header, body: body, unitID: "unit-7", registered: { registered[$0] }).id == unitKey.id)

        func code(_ header: String?, body: [UInt8], unit: UnitID, keys: [KeyID: PolicyPublicKey]) -> IngestError.Code? {
            do { _ = try BatchSignature.verify(header, body: body, unitID: unit, registered: { keys[$0] }); return nil } catch { return error.code }
        }
        #expect(code(header, body: body + [0x20], unit: "unit-7", keys: registered) == .badSignature)
        #expect(code(header, body: body, unit: "unit-8", keys: registered) == .wrongUnit)
        #expect(code(header, body: body, unit: "unit-7", keys: [:]) == .unknownUnitKey)
        #expect(code(nil, body: body, unit: "unit-7", keys: registered) == .malformedSignature)
        #expect(code("v1 x y", body: body, unit: "unit-7", keys: registered) == .malformedSignature)
    }
}
