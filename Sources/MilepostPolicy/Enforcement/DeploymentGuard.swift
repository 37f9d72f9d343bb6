import MilepostCore

/// The capture loop's question, asked before every cycle: may this unit capture now?
///
/// Implementations must answer in microseconds (no I/O on the fast path) so that calling it per
/// cycle is free; `nextChangeDeadline` says when the answer changes by itself (expiry, start of
/// a pending authorization), for callers that schedule rather than poll.
public protocol DeploymentGuard: AnyObject, Sendable {
    func captureDecision() -> CaptureDecision
    /// The time at which the current decision lapses unless something is installed first.
    var nextChangeDeadline: UTCTime { get }
}

public enum CaptureDecision: Equatable, Sendable {
    case permitted(CapturePermit)
    case refused(CaptureRefusal)

    public var isPermitted: Bool {
        if case .permitted = self { return true }
        return false
    }
}

/// What capture runs under: reads are tagged with the authorization id, and only the listed
/// hotlists may raise hits.
public struct CapturePermit: Equatable, Sendable {
    public var authorizationID: String
    public var serial: Int
    public var purpose: Purpose
    public var hotlists: [String]
    public var site: Site
    public var validUntil: UTCTime
}

public struct CaptureRefusal: Equatable, Sendable {
    public var code: PolicyError.Code
    public var reason: String
}
