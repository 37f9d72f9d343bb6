import Foundation
import MilepostCore

/// A read made up for demonstrations and benchmarks, with the crop it is given (the hotlist
/// benchmark passes an empty one; a notice drops an empty crop).
enum SyntheticRead {
    static func make(_ plate: PlateText, state: String? = nil, at time: UTCTime, crop: [UInt8] = []) -> PlateRead {
        PlateRead(readID: UUID(), captureTime: time, unitID: "demo-unit", cameraID: "demo", plate: plate, state: state,
                  confidence: 910, box: PlateBox(x: 0, y: 0, width: 160, height: 40), authorizationID: "demo", crop: crop)
    }
}
