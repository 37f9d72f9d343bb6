import ArgumentParser
import MilepostPolicy

/// `milepost auth verify FILE --trust PUBKEY`: check a signed document as a unit would.
struct AuthVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a signed authorization, search approval, delegation or revocation list against the Chief's public key."
    )

    @Argument(help: "The signed document.")
    var file: String

    @Option(help: "The Chief's public key file (the trust anchor).")
    var trust: String

    @Option(help: "Also check that this unit is covered and the document is in force.")
    var unit: String?

    @Option(help: "Check as of this time (RFC 3339) instead of now.")
    var at: String?

    @Option(help: "A revocation list to check against (verified with the same trust anchor).")
    var revocations: String?

    func run() throws {
        let chief = try PolicyCLI.keys.loadPublicKey(trust, role: .chief)
        let verifier = try DocumentVerifier(chief: chief)
        let now = try at.map { try PolicyCLI.time($0, option: "--at") } ?? PolicyCLI.now()
        var revoked = Set<String>()
        if let revocations {
            let list = try verifier.verify(try PolicyCLI.readText(revocations), as: RevocationList.self, now: now, document: revocations)
            revoked = list.document.revokedIDs
        }
        let token = try PolicyCLI.readText(file)
        let footer = try SignedDocument.footer(of: token, document: file)
        switch footer.typ {
        case .targetingAuthorization:
            let verified: Verified<TargetingAuthorization>
            if let unit {
                verified = try TargetingVerifier(documents: verifier, unitID: try PolicyCLI.unitIDs([unit], option: "--unit")[0]).verifyInForce(token, now: now, revoked: revoked, document: file)
            } else {
                verified = try verifier.verify(token, as: TargetingAuthorization.self, now: now, revoked: revoked, document: file)
                if revoked.contains(verified.document.id) { throw PolicyError(.revoked, "\(file): authorization \(verified.document.id) has been revoked") }
            }
            let a = verified.document
            print("valid targeting authorization \(a.id) serial \(a.serial)")
            print("  units:    \(a.units.map(\.rawValue).joined(separator: ", "))")
            print("  site:     \(a.site.description) (\(a.site.latitude), \(a.site.longitude))")
            print("  purpose:  \(a.purpose)")
            print("  hotlists: \(a.hotlists.isEmpty ? "(none)" : a.hotlists.joined(separator: ", "))")
            print("  window:   \(a.notBefore) to \(a.expires)")
            describeSigner(verified.signer, verified.delegation)
        case .searchApproval:
            let verified = try verifier.verify(token, as: SearchApproval.self, now: now, revoked: revoked, document: file)
            let s = verified.document
            if revoked.contains(s.id) { throw PolicyError(.revoked, "\(file): search approval \(s.id) has been revoked") }
            if now >= s.expires { throw PolicyError(.expired, "\(file): search approval \(s.id) expired at \(s.expires)") }
            print("valid search approval \(s.id) for \(s.requester.name) (\(s.requester.id)), case \(s.caseNumber)")
            print("  scope:    plate \(s.scope.plate ?? "(any)") from \(s.scope.from) to \(s.scope.to)")
            print("  uses:     \(s.maxUses); expires \(s.expires)")
            print("  allows:   bulk export \(s.allows.bulkExport ? "yes" : "no"), no-plate queries \(s.allows.queriesWithoutPlate ? "yes" : "no")")
            describeSigner(verified.signer, verified.delegation)
        case .revocationList:
            let verified = try verifier.verify(token, as: RevocationList.self, now: now, document: file)
            let r = verified.document
            print("valid revocation list version \(r.version), expires \(r.expires)\(now >= r.expires ? " (EXPIRED: blocks searches)" : "")")
            for entry in r.revoked { print("  revoked \(entry.id) at \(entry.revokedAt): \(entry.reason)") }
            describeSigner(verified.signer, verified.delegation)
        case .delegation:
            let d = try verifier.verifyDelegation(token, now: now, revoked: revoked, document: file)
            print("valid delegation \(d.id) to \(d.designee.name) (key \(d.designee.keyID))")
            print("  scope:    \(d.scope.map(\.rawValue).joined(separator: ", "))")
            print("  window:   \(d.notBefore) to \(d.expires)")
        case .hotlistApproval:
            let verified = try verifier.verify(token, as: HotlistApproval.self, now: now, revoked: revoked, document: file)
            let h = verified.document
            if revoked.contains(h.id) { throw PolicyError(.revoked, "\(file): hotlist approval \(h.id) has been revoked") }
            let until = HotlistApprovalVerifier.matchableUntil(verified)
            print("valid hotlist approval \(h.id) for list \(h.list) (\(h.listKind.rawValue)\(h.caseNumber.map { ", case \($0)" } ?? ""))")
            print("  content:  sha256 \(h.contentSHA256), \(h.entryCount) entries")
            print("  window:   \(h.notBefore) to \(until)\(now >= until ? " (EXPIRED: not matched)" : "")")
            describeSigner(verified.signer, verified.delegation)
        case .auditCheckpoint:
            throw ValidationError("\(file) is an audit checkpoint; check it with `milepost audit verify`")
        }
    }

    private func describeSigner(_ signer: PolicyPublicKey, _ delegation: Delegation?) {
        if let delegation {
            print("  signed:   designee \(signer.holder.name) (key \(signer.id)) under delegation \(delegation.id), until \(delegation.expires)")
        } else {
            print("  signed:   Chief \(signer.holder.name) (key \(signer.id))")
        }
    }
}
