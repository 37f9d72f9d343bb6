import Foundation
import MilepostCore
import MilepostPolicy

/// The bounds of one search as the read store sees them: a plate or plate pattern (nil: every
/// plate, only under an approval that allows it) and a capture-time range, both inclusive.
/// Built from a query the search gate has already found inside the approval's scope.
public struct ReadScope: Equatable, Sendable, CustomStringConvertible {
    public var plate: PlatePattern?
    public var from: UTCTime
    public var to: UTCTime

    public init(plate: PlatePattern?, from: UTCTime, to: UTCTime) {
        self.plate = plate
        self.from = from
        self.to = to
    }

    public init(_ query: SearchQuery) {
        self.init(plate: query.plate, from: query.from, to: query.to)
    }

    public func contains(plate read: PlateText, capturedAt time: UTCTime) -> Bool {
        guard time >= from, time <= to else { return false }
        return plate?.matches(read) ?? true
    }

    public var description: String { "plate \(plate?.text ?? "(any)") captured \(from) to \(to)" }
}

/// One stored read as a search returns it. These are all the fields a search can return: the
/// read store holds no DPPA personal information (no name, address or driver's licence data;
/// the unit never queries registration records), so none can leave through a search.
public struct FoundRead: Codable, Equatable, Sendable {
    public var sequence: UInt64
    public var capturedAt: UTCTime
    public var plate: PlateText
    public var confidence: Double
    public var unit: UnitID
    public var camera: CameraID
    /// The targeting authorization under which the read was captured.
    public var authorizationID: String
    /// The grey JPEG crop of the plate (base64 in JSON).
    public var plateCrop: Data

    public init(sequence: UInt64, capturedAt: UTCTime, plate: PlateText, confidence: Double, unit: UnitID, camera: CameraID,
                authorizationID: String, plateCrop: Data) {
        self.sequence = sequence
        self.capturedAt = capturedAt
        self.plate = plate
        self.confidence = confidence
        self.unit = unit
        self.camera = camera
        self.authorizationID = authorizationID
        self.plateCrop = plateCrop
    }
}

/// What a store query within a scope found.
public struct ScopedReads: Equatable, Sendable {
    public var reads: [FoundRead]
    /// Records in scope whose bytes failed their check and were skipped (named for the report).
    public var damaged: [String]

    public init(reads: [FoundRead], damaged: [String] = []) {
        self.reads = reads
        self.damaged = damaged
    }
}

/// The read store as searches see it: asked only for reads within a scope. The real one is
/// `ReadStoreSearch`; tests use an in-memory or temporary store behind the same protocol.
public protocol SearchableReads: Sendable {
    /// Reads within `scope`, oldest first. Blocks (file reads); call it off the event loop.
    func reads(in scope: ReadScope) throws -> ScopedReads
}

/// A store refuses a search whose scope holds more reads than it returns at once.
public struct SearchScopeTooLarge: Error, CustomStringConvertible {
    public let limit: Int

    public init(limit: Int) { self.limit = limit }

    public var description: String {
        "more than \(limit) reads are in scope, more than the running unit returns at once; narrow the plate or time range, or run the search with `milepost search` on the stopped unit"
    }
}
