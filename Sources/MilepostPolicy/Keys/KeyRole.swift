/// Who holds a key. The Chief's key is the department's root of trust; a designee's key is
/// trusted only through a delegation the Chief signed; a unit's key signs its audit checkpoints.
public enum KeyRole: String, Codable, Sendable, CaseIterable {
    case chief
    case designee
    case unit
}
