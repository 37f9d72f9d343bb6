import Foundation
import MilepostCore

/// The JSON body of a batch (docs/server-ingest.md):
///
///     {"unit":"unit-7","overwrittenBeforeUpload":0,
///      "reads":[{"seq":101,"id":"<UUID>","time":1795000000123,"camera":"cam0","plate":"ABC1234",
///                "state":"MA","confidence":870,"alternatives":[{"plate":"A8C1234","confidence":120}],
///                "box":[x,y,w,h],"authorization":"dep-0042","crop":"<base64 JPEG>","context":"<base64 JPEG>",
///                "framesRead":5,"framesAgreed":4}]}
///
/// `state`, `context` and the pass (`framesRead`, `framesAgreed`) are left out when absent. Decoding checks every field and names the
/// first that is wrong, with the read's index.
public enum ReadBatchCodec {
    public static let contentType = "application/vnd.milepost.read-batch+json"
    /// The largest body a server accepts (a batch of a few hundred reads with crops).
    public static let maximumBodyBytes = 32 << 20

    struct WireBatch: Codable {
        var unit: String
        var overwrittenBeforeUpload: UInt64
        var reads: [WireRead]
    }

    struct WireAlternative: Codable {
        var plate: String
        var confidence: Int
    }

    struct WireRead: Codable {
        var seq: UInt64
        var id: UUID
        var time: Int64
        var camera: String
        var plate: String
        var state: String?
        var confidence: Int
        var alternatives: [WireAlternative]
        var box: [Int32]
        var authorization: String
        var crop: Data
        var context: Data?
        var framesRead: Int?
        var framesAgreed: Int?
    }

    public static func encode(_ batch: ReadBatch) -> [UInt8] {
        let wire = WireBatch(unit: batch.unitID.rawValue, overwrittenBeforeUpload: batch.overwrittenBeforeUpload, reads: batch.reads.map { item in
            let read = item.read
            return WireRead(seq: item.sequence, id: read.readID, time: read.captureTime.millisecondsSinceEpoch, camera: read.cameraID.rawValue,
                            plate: read.plate.description, state: read.state, confidence: read.confidence.perMille,
                            alternatives: read.alternatives.map { WireAlternative(plate: $0.plate.description, confidence: $0.confidence.perMille) },
                            box: [read.box.x, read.box.y, read.box.width, read.box.height], authorization: read.authorizationID,
                            crop: Data(read.crop), context: read.context.map { Data($0) },
                            framesRead: read.pass?.framesRead, framesAgreed: read.pass?.framesAgreed)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and data cannot fail.
        return Array((try? encoder.encode(wire)) ?? Data())
    }

    public static func decode(_ bytes: [UInt8]) throws(IngestError) -> ReadBatch {
        guard bytes.count <= maximumBodyBytes else {
            throw IngestError(.tooLarge, "batch is \(bytes.count) bytes; the most a server takes is \(maximumBodyBytes)")
        }
        let wire: WireBatch
        do {
            wire = try JSONDecoder().decode(WireBatch.self, from: Data(bytes))
        } catch {
            throw IngestError(.malformedBatch, "batch is not a read batch: \(error)")
        }
        let unitID: UnitID
        do { unitID = try UnitID(wire.unit) } catch { throw IngestError(.malformedBatch, "batch field 'unit': \(error)") }
        var reads: [SequencedRead] = []
        reads.reserveCapacity(wire.reads.count)
        for (index, item) in wire.reads.enumerated() {
            func bad(_ field: String, _ why: String) -> IngestError {
                IngestError(.malformedBatch, "batch read \(index) (seq \(item.seq)) field '\(field)': \(why)")
            }
            if let previous = reads.last, item.seq <= previous.sequence {
                throw IngestError(.outOfOrder, "batch read \(index): seq \(item.seq) does not follow seq \(previous.sequence)")
            }
            let camera: CameraID
            do { camera = try CameraID(item.camera) } catch { throw bad("camera", "\(error)") }
            let plate: PlateText
            do { plate = try PlateText(normalizing: item.plate) } catch { throw bad("plate", error.description) }
            guard let confidence = Confidence(perMille: item.confidence) else { throw bad("confidence", "\(item.confidence) is not 0...1000") }
            guard item.box.count == 4 else { throw bad("box", "has \(item.box.count) numbers, not 4") }
            guard item.alternatives.count <= PlateRead.maximumAlternatives else {
                throw bad("alternatives", "has \(item.alternatives.count); at most \(PlateRead.maximumAlternatives)")
            }
            var alternatives: [AlternativeReading] = []
            for alternative in item.alternatives {
                guard let altConfidence = Confidence(perMille: alternative.confidence) else { throw bad("alternatives.confidence", "\(alternative.confidence) is not 0...1000") }
                do { alternatives.append(AlternativeReading(plate: try PlateText(normalizing: alternative.plate), confidence: altConfidence)) } catch {
                    throw bad("alternatives.plate", error.description)
                }
            }
            guard !item.authorization.isEmpty else { throw bad("authorization", "is empty") }
            guard !item.crop.isEmpty else { throw bad("crop", "is empty") }
            var pass: PassAgreement?
            switch (item.framesRead, item.framesAgreed) {
            case (nil, nil): break
            case let (read?, agreed?):
                guard let agreement = PassAgreement(framesRead: read, framesAgreed: agreed) else {
                    throw bad("framesAgreed", "\(agreed) of \(read) frames; need 1 <= framesAgreed <= framesRead <= \(PassAgreement.maximumFrames)")
                }
                pass = agreement
            case (nil, _?): throw bad("framesRead", "is missing; a pass has both framesRead and framesAgreed")
            case (_?, nil): throw bad("framesAgreed", "is missing; a pass has both framesRead and framesAgreed")
            }
            let read = PlateRead(
                readID: item.id, captureTime: UTCTime(millisecondsSinceEpoch: item.time), unitID: unitID, cameraID: camera, plate: plate,
                state: item.state, confidence: confidence, alternatives: alternatives,
                box: PlateBox(x: item.box[0], y: item.box[1], width: item.box[2], height: item.box[3]),
                authorizationID: item.authorization, crop: Array(item.crop), context: item.context.map { Array($0) }, pass: pass)
            reads.append(SequencedRead(sequence: item.seq, read: read))
        }
        return ReadBatch(unitID: unitID, reads: reads, overwrittenBeforeUpload: wire.overwrittenBeforeUpload)
    }
}
