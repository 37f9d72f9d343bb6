/// Why a token could not be issued or revoked; each names what was wrong.
public enum AccessTokenError: Error, Equatable, CustomStringConvertible {
    case invalidRole(String)
    case invalidField(field: String, value: String, reason: String)
    case alreadyIssued(holderID: String, name: String)
    case notFound(holderID: String, name: String)

    public var description: String {
        switch self {
        case .invalidRole(let text):
            return "role '\(text)' is not a server role; one of \(ServerRole.names)"
        case .invalidField(let field, let value, let reason):
            return "\(field) '\(value)' \(reason)"
        case .alreadyIssued(let holder, let name):
            return "holder \(holder) already has a live token named '\(name)'; revoke it first or choose another name"
        case .notFound(let holder, let name):
            return "holder \(holder) has no live token named '\(name)'"
        }
    }
}
