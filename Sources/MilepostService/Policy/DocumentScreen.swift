import Foundation
import MilepostCore
import MilepostPolicy

/// Tells apart a posted document that does not come from the Chief's trust chain at all
/// (unparseable, an unsupported version, a signature by an unknown key, a forged delegation,
/// or a kind no unit installs) from one that does. Anyone can post the first kind, so its
/// refusal goes through `RefusalAudit`; every document that passes is handed to
/// `UnitPolicy.install`, which verifies it again and audits its outcome one by one.
enum DocumentScreen {
    static let unauthenticatedCodes: Set<PolicyError.Code> = [
        .malformedToken, .unsupportedTokenVersion, .badSignature, .unknownSigningKey, .wrongDocumentKind, .delegationMissing, .delegationInvalid,
    ]

    /// The refusal if `token` is not from the Chief's trust chain; nil if it is (whether or not
    /// it will install).
    static func unauthenticatedRefusal(_ rawToken: String, verifier: DocumentVerifier, now: UTCTime, document: String) -> PolicyError? {
        let token = rawToken.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let kind = try SignedDocument.footer(of: token, document: document).typ
            switch kind {
            case .targetingAuthorization: _ = try verifier.verify(token, as: TargetingAuthorization.self, now: now, document: document)
            case .revocationList: _ = try verifier.verify(token, as: RevocationList.self, now: now, document: document)
            case .searchApproval: _ = try verifier.verify(token, as: SearchApproval.self, now: now, document: document)
            case .delegation, .auditCheckpoint, .hotlistApproval:
                return PolicyError(.wrongDocumentKind, UnitPolicy.notInstallable(kind, document: document))
            }
        } catch let error as PolicyError {
            return unauthenticatedCodes.contains(error.code) ? error : nil
        } catch {
            return nil
        }
        return nil
    }
}
