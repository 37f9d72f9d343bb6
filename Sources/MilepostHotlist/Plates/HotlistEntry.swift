import MilepostCore

/// One plate on a hotlist. It deliberately has no field for the registered owner: the
/// importer refuses such data (DPPA, 18 U.S.C. §2721), and the text fields it has (reason,
/// case number, source) hold only what `EntryTextRules` allows, so no notice can carry it.
public struct HotlistEntry: Hashable, Sendable, Codable {
    public var plate: PlateText
    /// Two-letter state or province code; nil when the list does not say.
    public var state: String?
    public var code: ListCode
    /// A short remark shown to the officer.
    public var reason: String
    /// The case or reference number the entry belongs to, if any.
    public var caseNumber: String?
    public var entered: Int64
    /// Start of the first day on which the entry no longer applies; nil if open-ended.
    public var expires: Int64?
    public var source: String

    public init(
        plate: PlateText, state: String?, code: ListCode, reason: String,
        entered: Int64, expires: Int64?, source: String, caseNumber: String? = nil
    ) {
        self.plate = plate
        self.state = state
        self.code = code
        self.reason = reason
        self.entered = entered
        self.expires = expires
        self.source = source
        self.caseNumber = caseNumber
    }

    public func isActive(at time: Int64) -> Bool {
        guard let expires else { return true }
        return time < expires
    }
}
