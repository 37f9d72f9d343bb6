import Foundation
import MilepostCore

/// What a supervisor asks to keep as evidence: the reads of one case, narrowed to a unit or a
/// plate (or both) and a capture window of at most `maximumWindowDays`. A hold is never a way
/// around retention for the fleet as a whole, so a request without a unit and without a plate,
/// or over a longer window, is refused.
public struct EvidenceHoldRequest: Codable, Sendable, Equatable {
    public var caseNumber: String
    public var reason: String
    public var unit: String?
    public var plate: String?
    public var from: UTCTime
    public var to: UTCTime

    public static let maximumWindowDays: Int64 = 31

    public init(caseNumber: String, reason: String, unit: String? = nil, plate: String? = nil, from: UTCTime, to: UTCTime) {
        self.caseNumber = caseNumber
        self.reason = reason
        self.unit = unit
        self.plate = plate
        self.from = from
        self.to = to
    }

    /// The request with its plate normalised, or the first thing wrong with it.
    public func validated() throws(EvidenceHoldError) -> EvidenceHoldRequest {
        var checked = self
        checked.caseNumber = caseNumber.trimmingCharacters(in: .whitespaces)
        checked.reason = reason.trimmingCharacters(in: .whitespaces)
        if checked.caseNumber.isEmpty { throw .invalidRequest(field: "caseNumber", reason: "a hold must name the case it keeps evidence for") }
        if checked.reason.isEmpty { throw .invalidRequest(field: "reason", reason: "a hold must say why the reads are kept past retention") }
        if let unit {
            do { _ = try UnitID(unit) } catch { throw .invalidRequest(field: "unit", reason: error.description) }
        }
        if let plate {
            let normalised: PlateText
            do { normalised = try PlateText(normalizing: plate) } catch { throw .invalidRequest(field: "plate", reason: error.description) }
            if normalised.isPartial { throw .invalidRequest(field: "plate", reason: "'\(plate)' is a partial plate; a hold names one whole plate") }
            checked.plate = normalised.description
        }
        if unit == nil && checked.plate == nil {
            throw .invalidRequest(field: "unit", reason: "a hold names a unit, a plate or both; a hold on every unit's reads is not allowed")
        }
        if to <= from { throw .invalidRequest(field: "to", reason: "the window ends (\(to)) at or before it starts (\(from))") }
        if to.milliseconds(since: from) > Self.maximumWindowDays * UTCTime.millisecondsPerDay {
            throw .invalidRequest(field: "to", reason: "the window \(from) to \(to) is longer than \(Self.maximumWindowDays) days")
        }
        return checked
    }
}

/// Why a hold could not be placed or released.
public enum EvidenceHoldError: Error, Equatable, CustomStringConvertible {
    case invalidRequest(field: String, reason: String)
    case unknownHold(String)
    case alreadyReleased(String)

    public var description: String {
        switch self {
        case .invalidRequest(let field, let reason): return "evidence hold field '\(field)': \(reason)"
        case .unknownHold(let id): return "there is no evidence hold \(id)"
        case .alreadyReleased(let id): return "evidence hold \(id) has already been released"
        }
    }
}
