/// What a unit token's holder is there to do; each API route admits some roles (see
/// `UnitAccessTable` and docs/unit-access.md).
public enum UnitRole: String, CaseIterable, Comparable, Sendable {
    /// Sets the unit up and checks it: status, metrics, policy documents.
    case installer
    /// Oversees officers and searches: status, notices, policy documents, searches.
    case supervisor
    /// Watches hit notices and records dispositions.
    case officer
    /// Reads status, metrics and the audit checkpoints; changes nothing.
    case auditor
    /// Runs searches under a signed approval naming them.
    case searcher

    public static func < (lhs: UnitRole, rhs: UnitRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a role name, or throws naming the roles there are.
    public init(parsing name: String) throws(UnitRoleError) {
        guard let role = UnitRole(rawValue: name) else { throw UnitRoleError(name: name) }
        self = role
    }
}

public struct UnitRoleError: Error, Equatable, CustomStringConvertible {
    public let name: String
    public var description: String {
        "'\(name)' is not a role; the roles are " + UnitRole.allCases.map(\.rawValue).joined(separator: ", ")
    }
}

/// Who a request's bearer token names.
public struct UnitCredential: Equatable, Hashable, Sendable {
    public var holder: String
    public var role: UnitRole

    public init(holder: String, role: UnitRole) {
        self.holder = holder
        self.role = role
    }
}
