import FoundationEssentials

/// The plate's bounding box in the full frame, in pixels.
public struct PlateBox: Hashable, Sendable {
    public var x: Int32
    public var y: Int32
    public var width: Int32
    public var height: Int32

    public init(x: Int32, y: Int32, width: Int32, height: Int32) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// Another reading the recogniser considered, with its confidence.
public struct AlternativeReading: Hashable, Sendable {
    public var plate: PlateText
    public var confidence: Confidence

    public init(plate: PlateText, confidence: Confidence) {
        self.plate = plate
        self.confidence = confidence
    }
}

/// One plate read, from the frame it was read in to the store, the hotlist match and the hit
/// notice: one value, built once, with its crop encoded once.
public struct PlateRead: Hashable, Sendable {
    /// The most alternative readings a read keeps (STORAGE-SPEC.md, read payload).
    public static let maximumAlternatives = 8

    public var readID: UUID
    public var captureTime: UTCTime
    public var unitID: UnitID
    public var cameraID: CameraID
    /// Every character read (no `?`).
    public var plate: PlateText
    /// The issuing state's two-letter code, when the reader made it out; nil otherwise.
    public var state: String?
    public var confidence: Confidence
    public var alternatives: [AlternativeReading]
    public var box: PlateBox
    /// The targeting authorization under which the read was captured.
    public var authorizationID: String
    /// The grey JPEG crop of the plate.
    public var crop: [UInt8]
    /// An optional grey JPEG of the scene.
    public var context: [UInt8]?
    /// The pass the read was voted from; nil for a read of a single frame. The capture time,
    /// box and crop are then the best frame's.
    public var pass: PassAgreement?

    public init(
        readID: UUID, captureTime: UTCTime, unitID: UnitID, cameraID: CameraID,
        plate: PlateText, state: String? = nil, confidence: Confidence, alternatives: [AlternativeReading] = [],
        box: PlateBox, authorizationID: String, crop: [UInt8], context: [UInt8]? = nil, pass: PassAgreement? = nil
    ) {
        self.readID = readID
        self.captureTime = captureTime
        self.unitID = unitID
        self.cameraID = cameraID
        self.plate = plate
        self.state = state
        self.confidence = confidence
        self.alternatives = alternatives
        self.box = box
        self.authorizationID = authorizationID
        self.crop = crop
        self.context = context
        self.pass = pass
    }
}
