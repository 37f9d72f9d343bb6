import MilepostCore

/// Everything a unit checks before it may capture under an authorization: the signature and
/// delegation chain, the validity window, the maximum span, that it covers this unit, and that
/// neither it nor its delegation is revoked.
public struct TargetingVerifier: Sendable {
    public let documents: DocumentVerifier
    public let unitID: UnitID
    public let limits: PolicyLimits

    public init(documents: DocumentVerifier, unitID: UnitID, limits: PolicyLimits = .default) {
        self.documents = documents
        self.unitID = unitID
        self.limits = limits
    }

    /// Checks that do not depend on the current time staying inside the window: used at
    /// installation (an authorization may be installed before it starts).
    public func verifyForInstall(_ token: String, now: UTCTime, revoked: Set<String>, document: String) throws -> Verified<TargetingAuthorization> {
        let verified = try documents.verify(token, as: TargetingAuthorization.self, now: now, revoked: revoked, document: document)
        let auth = verified.document
        let span = auth.expires.milliseconds(since: auth.notBefore) / 1000
        if span > limits.maximumAuthorizationSpanSeconds {
            throw PolicyError(.spanTooLong, "\(document): authorization \(auth.id) spans \(span) s from \(auth.notBefore) to \(auth.expires); the maximum is \(limits.maximumAuthorizationSpanSeconds) s")
        }
        if !auth.units.contains(unitID) {
            throw PolicyError(.unitNotCovered, "\(document): authorization \(auth.id) covers units \(auth.units.map(\.rawValue).joined(separator: ", ")), not this unit \(unitID)")
        }
        if revoked.contains(auth.id) {
            throw PolicyError(.revoked, "\(document): authorization \(auth.id) has been revoked")
        }
        if auth.issuedAt > now.adding(seconds: limits.clockLeewaySeconds) {
            throw PolicyError(.issuedInFuture, "\(document): authorization \(auth.id) was issued at \(auth.issuedAt), after this unit's clock (\(now)); check the unit's clock")
        }
        if now >= auth.expires {
            throw PolicyError(.expired, "\(document): authorization \(auth.id) expired at \(auth.expires) (now \(now))")
        }
        return verified
    }

    /// All install checks plus: the window contains `now`.
    public func verifyInForce(_ token: String, now: UTCTime, revoked: Set<String>, document: String) throws -> Verified<TargetingAuthorization> {
        let verified = try verifyForInstall(token, now: now, revoked: revoked, document: document)
        try Self.checkInForce(verified, now: now, document: document)
        return verified
    }

    static func checkInForce(_ verified: Verified<TargetingAuthorization>, now: UTCTime, document: String) throws {
        let auth = verified.document
        if now < auth.notBefore {
            throw PolicyError(.notYetValid, "\(document): authorization \(auth.id) is not valid before \(auth.notBefore) (now \(now))")
        }
        if now >= auth.expires {
            throw PolicyError(.expired, "\(document): authorization \(auth.id) expired at \(auth.expires) (now \(now))")
        }
        if let delegation = verified.delegation, now >= delegation.expires {
            throw PolicyError(.delegationExpired, "\(document): delegation \(delegation.id) under which authorization \(auth.id) was signed expired at \(delegation.expires)")
        }
    }
}
