import MilepostCore

/// A document whose signature, signer and delegation chain have been checked.
public struct Verified<Document: ApprovedDocument>: Sendable {
    public var document: Document
    public var token: String
    public var signer: PolicyPublicKey
    /// Present when a designee signed.
    public var delegation: Delegation?

    /// When the signer's authority ends: the delegation's expiry, or never for the Chief.
    public var authorityExpires: UTCTime { delegation?.expires ?? .distantFuture }
}

/// Checks signatures back to the Chief's key: documents signed by the Chief directly, or by a
/// designee whose key is named in a Chief-signed delegation embedded in the document.
public struct DocumentVerifier: Sendable {
    public let chief: PolicyPublicKey

    public init(chief: PolicyPublicKey) throws {
        guard chief.holder.role == .chief else {
            throw PolicyError(.wrongKeyRole, "the trust anchor must be the Chief's key; key \(chief.id) (\(chief.holder.name)) is a \(chief.holder.role.rawValue) key")
        }
        self.chief = chief
    }

    private struct DelegationField: Decodable { var delegation: String? }

    /// Verifies signature and chain at time `now`. `revoked` holds revoked ids (delegations too).
    /// Window, unit and kind-specific rules are checked by the caller.
    public func verify<D: ApprovedDocument>(_ token: String, as type: D.Type, now: UTCTime, revoked: Set<String> = [], document: String) throws -> Verified<D> {
        let footer = try SignedDocument.footer(of: token, document: document)
        guard footer.typ == D.kind else {
            throw PolicyError(.wrongDocumentKind, "\(document) is a \(footer.typ.displayName), not a \(D.kind.displayName)")
        }
        let signer: PolicyPublicKey
        var delegation: Delegation?
        if footer.kid == chief.id {
            signer = chief
        } else {
            let embedded = try SignedDocument.unverifiedPayload(of: token, as: DelegationField.self, document: document).delegation
            guard let embedded else {
                throw PolicyError(.unknownSigningKey, "\(document) is signed by key \(footer.kid), which is not the Chief's key (\(chief.id)), and carries no delegation")
            }
            let verifiedDelegation = try verifyDelegation(embedded, now: now, revoked: revoked, document: "\(document): delegation")
            signer = try verifiedDelegation.designeeKey(document: "\(document): delegation")
            guard signer.id == footer.kid else {
                throw PolicyError(.unknownSigningKey, "\(document) is signed by key \(footer.kid), but its delegation \(verifiedDelegation.id) is for key \(signer.id)")
            }
            delegation = verifiedDelegation
        }
        let payload = try SignedDocument.verify(token, as: D.self, kind: D.kind, key: signer, document: document)
        try payload.validateFields(document: document)

        let official = payload.approvingOfficial
        guard official.keyID == signer.id else {
            throw invalid(document, "approvingOfficial.keyID", "is \(official.keyID) but the document is signed by key \(signer.id)")
        }
        guard official.role == signer.holder.role else {
            throw invalid(document, "approvingOfficial.role", "is \(official.role.rawValue) but key \(signer.id) belongs to a \(signer.holder.role.rawValue)")
        }
        guard official.name == signer.holder.name else {
            throw invalid(document, "approvingOfficial.name", "is '\(official.name)' but key \(signer.id) belongs to '\(signer.holder.name)'")
        }
        if let delegation {
            guard payload.delegation != nil else { throw PolicyError(.delegationMissing, "\(document) is signed by a designee but carries no delegation") }
            if let shortfall = payload.scopeShortfall(granted: delegation.scope) {
                throw PolicyError(.delegationOutOfScope, "\(document): delegation \(delegation.id) lets \(delegation.designee.name) approve \(delegation.scope.map(\.rawValue).joined(separator: ", ")), not \(shortfall)")
            }
            guard payload.issuedAt >= delegation.notBefore, payload.issuedAt < delegation.expires else {
                throw PolicyError(.delegationExpired, "\(document) was issued at \(payload.issuedAt), outside its delegation \(delegation.id) (\(delegation.notBefore) to \(delegation.expires))")
            }
        } else if payload.delegation != nil {
            throw invalid(document, "delegation", "is present but the document is signed by the Chief's own key")
        }
        return Verified(document: payload, token: token, signer: signer, delegation: delegation)
    }

    /// A delegation must be signed by the Chief, not revoked, and in force at `now`.
    public func verifyDelegation(_ token: String, now: UTCTime, revoked: Set<String> = [], document: String) throws -> Delegation {
        let delegation = try SignedDocument.verify(token, as: Delegation.self, kind: .delegation, key: chief, document: document)
        try delegation.validateFields(document: document)
        guard delegation.chief.keyID == chief.id else {
            throw invalid(document, "chief.keyID", "is \(delegation.chief.keyID) but the delegation is signed by the Chief's key \(chief.id)")
        }
        if revoked.contains(delegation.id) {
            throw PolicyError(.revoked, "\(document): delegation \(delegation.id) to \(delegation.designee.name) has been revoked")
        }
        if now < delegation.notBefore {
            throw PolicyError(.notYetValid, "\(document): delegation \(delegation.id) to \(delegation.designee.name) is not valid before \(delegation.notBefore) (now \(now))")
        }
        if now >= delegation.expires {
            throw PolicyError(.delegationExpired, "\(document): delegation \(delegation.id) to \(delegation.designee.name) expired at \(delegation.expires) (now \(now))")
        }
        return delegation
    }
}
