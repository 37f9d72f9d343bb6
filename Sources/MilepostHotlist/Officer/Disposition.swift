/// The officer's verdict on a notice after checking it, on a unit's console or the department
/// server's.
public enum Disposition: String, Codable, Sendable, CaseIterable {
    case confirmedHit = "confirmed_hit"
    case wrongState = "wrong_state"
    case misread
    case dismissed
}
