import MilepostCore

/// The unit and camera every read of this pipeline is stamped with.
public struct ReadOrigin: Sendable, Equatable {
    public var unitID: UnitID
    public var cameraID: CameraID

    public init(unitID: UnitID, cameraID: CameraID) {
        self.unitID = unitID
        self.cameraID = cameraID
    }
}
