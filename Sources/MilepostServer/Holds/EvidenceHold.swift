import Foundation
import MilepostCore

/// A hold as the server keeps it (`evidence_holds`): who placed it, for which case, what it
/// covers, how many reads it copied into `held_reads`, and whether it has been released.
public struct EvidenceHold: Codable, Sendable, Equatable {
    public var id: UUID
    public var caseNumber: String
    public var reason: String
    public var unit: String?
    public var plate: String?
    public var from: UTCTime
    public var to: UTCTime
    public var reads: Int64
    public var placedBy: String
    public var placedAt: UTCTime
    public var releasedBy: String?
    public var releasedAt: UTCTime?

    /// The scope as the audit log names it: `unit unit-7 plate ABC1234 2026-11-01T00:00:00Z to …`.
    public var scopeDescription: String {
        var parts: [String] = []
        if let unit { parts.append("unit \(unit)") }
        if let plate { parts.append("plate \(plate)") }
        parts.append("\(from) to \(to)")
        return parts.joined(separator: " ")
    }
}
