import MilepostCore

/// The deployment guard's answer to "may this unit capture now?".
public enum CaptureClearance: Sendable, Equatable {
    /// Capture is allowed under this targeting authorization, which permits these hotlists
    /// at this site. Hit notices name the site of the authorization in force at their cycle.
    case allowed(authorizationID: String, permittedHotlists: Set<String>, site: Site = .unrecorded)
    /// Capture is refused; `reason` is said to the operator and written to the audit log.
    case refused(reason: String)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    public var authorizationID: String? {
        if case .allowed(let id, _, _) = self { return id }
        return nil
    }
}

extension Site {
    /// For fakes that do not model a site; the real permission always carries one.
    public static let unrecorded = Site(latitude: 0, longitude: 0, description: "site not recorded")
}
