/// The deployment guard's answer to "may this unit capture now?".
public enum CaptureDecision: Sendable, Equatable {
    /// Capture is allowed under this targeting authorization, which permits these hotlists.
    case allowed(authorizationID: String, permittedHotlists: Set<String>)
    /// Capture is refused; `reason` is said to the operator and written to the audit log.
    case refused(reason: String)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    public var authorizationID: String? {
        if case .allowed(let id, _) = self { return id }
        return nil
    }
}
