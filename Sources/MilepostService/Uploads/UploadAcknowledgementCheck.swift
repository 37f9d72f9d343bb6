import Foundation
import MilepostIngest

/// Whether the server's answer lets the uploader advance its cursor: a 200 whose body is an
/// acknowledgement for this unit, with `storedThrough` within the batch's sequences. Anything
/// else leaves the cursor where it was, and the reads are sent again.
enum UploadAcknowledgementCheck {
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    static func acknowledgement(_ answer: IngestAnswer, for batch: ReadBatch) throws -> IngestAcknowledgement {
        guard answer.status == 200 else {
            let text = String(decoding: answer.body.prefix(200), as: UTF8.self)
            throw Refused(description: "the server answered HTTP \(answer.status)\(text.isEmpty ? "" : ": \(text)")")
        }
        let acknowledgement: IngestAcknowledgement
        do {
            acknowledgement = try JSONDecoder().decode(IngestAcknowledgement.self, from: Data(answer.body))
        } catch {
            throw IngestError(.malformedAcknowledgement,
                              "the server's 200 is not an acknowledgement {\"unit\",\"storedThrough\",\"newlyStored\"}: \(error)")
        }
        guard acknowledgement.unitID == batch.unitID else {
            throw IngestError(.malformedAcknowledgement,
                              "the acknowledgement is for unit \(acknowledgement.unitID), not for this unit, \(batch.unitID)")
        }
        guard let first = batch.firstSequence, let last = batch.lastSequence, (first...last).contains(acknowledgement.storedThrough) else {
            throw IngestError(.malformedAcknowledgement,
                              "the acknowledgement's storedThrough \(acknowledgement.storedThrough) is outside the batch "
                                  + "(sequences \(batch.firstSequence ?? 0)...\(batch.lastSequence ?? 0)); the cursor stays")
        }
        return acknowledgement
    }
}
