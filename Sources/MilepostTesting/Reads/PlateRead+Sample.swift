import Foundation
import MilepostCore

extension PlateRead {
    /// A read for tests: the plate, state and confidence a test cares about, and fixed
    /// placeholders for the rest (a unit "unit-7", camera "cam0", a two-byte crop that is not
    /// a real JPEG).
    public static func sample(
        _ plate: PlateText, state: String? = nil, confidence: Confidence = 900,
        at time: UTCTime = UTCTime(millisecondsSinceEpoch: 1_700_000_000_000),
        unit: UnitID = "unit-7", camera: CameraID = "cam0", authorizationID: String = "auth-1",
        crop: [UInt8] = [0xFF, 0xD8]
    ) -> PlateRead {
        PlateRead(readID: UUID(), captureTime: time, unitID: unit, cameraID: camera, plate: plate, state: state,
                  confidence: confidence, box: PlateBox(x: 0, y: 0, width: 1, height: 1),
                  authorizationID: authorizationID, crop: crop)
    }
}
