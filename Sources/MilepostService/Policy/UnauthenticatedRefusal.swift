import MilepostPolicy

/// A policy-API request refused before anyone was identified: no bearer token or an unknown
/// one, or a posted document that does not come from the Chief's trust chain (unparseable,
/// forged, or a kind no unit installs). Nothing was searched, returned or installed.
public struct UnauthenticatedRefusal: Sendable, Equatable {
    /// The audit event type of the refusal, e.g. `search.unauthenticated`.
    public var type: String
    /// Who the request claimed to be (unproven).
    public var actor: AuditActor
    /// The peer's address: refusals are limited per address.
    public var source: String
    public var object: String
    public var reason: String

    public init(type: String, actor: AuditActor, source: String, object: String, reason: String) {
        self.type = type
        self.actor = actor
        self.source = source
        self.object = object
        self.reason = reason
    }

    var event: AuditEvent { AuditEvent(type: type, actor: actor, source: source, object: object, outcome: .denied(reason: reason)) }
}
