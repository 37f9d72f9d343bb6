import Foundation
import MilepostCore

extension PlateObservation {
    /// The read this observation becomes: built once, then stored, matched and notified as it is.
    /// Throws, naming the text or the number, when the reader produced something that is not a
    /// plate or a confidence.
    func plateRead(capturedAt frame: CapturedFrame, origin: ReadOrigin, authorizationID: String,
                   pass: PassAgreement? = nil, readID: UUID = UUID()) throws -> PlateRead {
        PlateRead(
            readID: readID,
            captureTime: UTCTime(millisecondsSinceEpoch: frame.capturedAtMilliseconds),
            unitID: origin.unitID, cameraID: origin.cameraID,
            plate: try PlateText(normalizing: text),
            confidence: try Self.confidence(confidence),
            // The reader ranks up to 9 alternatives; a read keeps the best 8.
            alternatives: try alternatives.prefix(PlateRead.maximumAlternatives).map {
                AlternativeReading(plate: try PlateText(normalizing: $0.text), confidence: try Self.confidence($0.confidence))
            },
            box: box,
            authorizationID: authorizationID,
            crop: cropJPEG,
            pass: pass)
    }

    private static func confidence(_ perMille: Int) throws -> Confidence {
        guard let confidence = Confidence(perMille: perMille) else { throw ConfidenceOutOfRange(perMille: perMille) }
        return confidence
    }
}

struct ConfidenceOutOfRange: Error, CustomStringConvertible {
    let perMille: Int
    var description: String { "the reader reported confidence \(perMille), outside 0...1000 per mille" }
}
