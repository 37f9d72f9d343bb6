import MilepostCore

/// A search of stored reads as the policy layer sees it. The storage engine has its own query
/// type; the service translates this one into it after `SearchGate` has allowed it.
public struct SearchQuery: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// Reads matching a plate or plate pattern, returned to the requester.
        case plateSearch = "plate-search"
        /// Reads copied out of the unit in bulk (to another system): prohibited by default.
        case bulkExport = "bulk-export"
    }

    public var kind: Kind
    /// nil: every plate (a sweep; prohibited by default).
    public var plate: PlatePattern?
    public var from: UTCTime
    public var to: UTCTime

    public init(kind: Kind = .plateSearch, plate: PlatePattern?, from: UTCTime, to: UTCTime) {
        self.kind = kind
        self.plate = plate
        self.from = from
        self.to = to
    }

    /// No plate, or a pattern that is a sweep (`PlatePattern.isSweep`).
    public var hasNoPlate: Bool { plate?.isSweep ?? true }

    public var description: String {
        "\(kind.rawValue) plate=\(plate?.text ?? "(none)") from=\(from) to=\(to)"
    }
}
