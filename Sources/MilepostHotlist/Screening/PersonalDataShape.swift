/// A shape of registered-owner personal data that the screen recognises in entry text.
public enum PersonalDataShape: Equatable, Sendable, CustomStringConvertible {
    /// A full date (day, month and year): it could be a date of birth.
    case date
    case streetAddress
    case postOfficeBox
    /// Nine digits, alone or grouped 3-2-4.
    case socialSecurityNumber
    /// Ten digits grouped 3-3-4.
    case phoneNumber
    /// Letters followed directly by seven or more digits.
    case licenceNumber
    case longNumber(digits: Int)
    /// A word that introduces personal data ("owner", "DOB", "name:", the NCIC tag "NAM/"...).
    case label(String)

    public var description: String {
        switch self {
        case .date: return "a date (a date of birth is personal data; entry dates belong in the entered and expiry fields)"
        case .streetAddress: return "a street address"
        case .postOfficeBox: return "a PO box"
        case .socialSecurityNumber: return "a nine-digit number (social security number)"
        case .phoneNumber: return "a phone number"
        case .licenceNumber: return "a driver's licence number (letters followed by 7 or more digits)"
        case .longNumber(let digits): return "a \(digits)-digit number"
        case .label(let word): return "the personal-data label '\(word)'"
        }
    }
}

/// Where the screen found personal data in a text.
public struct PersonalDataFinding: Equatable, Sendable, CustomStringConvertible {
    public let shape: PersonalDataShape
    /// 1-based position of the character where the shape starts.
    public let position: Int

    public var description: String { "\(shape) at character \(position)" }
}
