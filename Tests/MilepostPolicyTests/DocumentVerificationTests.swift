import MilepostCore
import Testing
@testable import MilepostPolicy

@Suite struct DocumentVerificationTests {
    let f = Fixtures()
    var now: UTCTime { Fixtures.start.adding(seconds: 60) }

    func refusal(_ body: () throws -> Void) -> PolicyError? {
        do { try body() } catch let error as PolicyError { return error } catch { return nil }
        return nil
    }

    @Test func aChiefSignedAuthorizationVerifies() throws {
        let token = try f.sign(f.authorization())
        let verified = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "auth.paseto")
        #expect(verified.document == f.authorization())
        #expect(verified.signer.id == f.chief.id)
        #expect(verified.delegation == nil)
    }

    @Test func aDesigneeSignedAuthorizationVerifiesThroughItsDelegation() throws {
        let token = try f.sign(f.authorization(), byDesigneeUnder: try f.delegation())
        let verified = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "auth.paseto")
        #expect(verified.signer.id == f.designee.id)
        #expect(verified.delegation?.id == "del-1")
        #expect(verified.document.approvingOfficial.role == .designee)
    }

    @Test func aForgedSignatureIsRefused() throws {
        // Same payload bytes, signature made by another key with the Chief's key id in the footer.
        let honest = try PasetoV4Public.split(try f.sign(f.authorization()), document: "x")
        let forged = try PasetoV4Public.sign(message: honest.message, key: f.stranger, footer: honest.footer, implicitAssertion: DocumentKind.targetingAuthorization.implicitAssertion)
        let error = refusal { _ = try f.verifier.verify(forged, as: TargetingAuthorization.self, now: now, document: "forged.paseto") }
        #expect(error?.code == .badSignature)
        #expect(error?.message.contains("forged.paseto") == true)
        #expect(error?.message.contains(f.chief.id.rawValue) == true)
    }

    @Test func anAlteredPayloadIsRefused() throws {
        let token = try f.sign(f.authorization())
        let parts = try PasetoV4Public.split(token, document: "x")
        var payload = String(decoding: parts.message, as: UTF8.self)
        payload = payload.replacingOccurrences(of: "unit-7", with: "unit-8")
        let tampered = PasetoV4Public.header + Base64URL.encode(Array(payload.utf8) + parts.signature) + "." + Base64URL.encode(parts.footer)
        #expect(refusal { _ = try f.verifier.verify(tampered, as: TargetingAuthorization.self, now: now, document: "t") }?.code == .badSignature)
    }

    @Test func aDocumentSignedByAnUnknownKeyIsRefused() throws {
        var auth = f.authorization()
        auth.approvingOfficial = ApprovingOfficial(key: f.stranger)
        let token = try SignedDocument.sign(auth, kind: .targetingAuthorization, key: f.stranger)
        let error = refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "auth.paseto") }
        #expect(error?.code == .unknownSigningKey)
        #expect(error?.message.contains(f.stranger.id.rawValue) == true)
    }

    @Test func checkingAgainstTheWrongTrustAnchorIsRefused() throws {
        let token = try f.sign(f.authorization())
        let other = try DocumentVerifier(chief: f.stranger.publicKey)
        #expect(refusal { _ = try other.verify(token, as: TargetingAuthorization.self, now: now, document: "a") }?.code == .unknownSigningKey)
    }

    @Test func anExpiredDelegationIsRefused() throws {
        let delegation = try f.delegation(notBefore: Fixtures.start.adding(seconds: -10 * Fixtures.hour), expires: Fixtures.start)
        var auth = f.authorization()
        auth.issuedAt = Fixtures.start.adding(seconds: -Fixtures.hour)
        let token = try f.sign(auth, byDesigneeUnder: delegation)
        let error = refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "auth.paseto") }
        #expect(error?.code == .delegationExpired)
        #expect(error?.message.contains("del-1") == true)
    }

    @Test func aDocumentIssuedOutsideItsDelegationIsRefused() throws {
        let delegation = try f.delegation(notBefore: Fixtures.start, expires: Fixtures.start.adding(seconds: 10 * Fixtures.hour))
        let token = try f.sign(f.authorization(issuedAt: Fixtures.start.adding(seconds: -120)), byDesigneeUnder: delegation)
        #expect(refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "a") }?.code == .delegationExpired)
    }

    @Test func aDelegationWithoutTheNeededScopeIsRefused() throws {
        let token = try f.sign(f.authorization(), byDesigneeUnder: try f.delegation(scope: [.search]))
        let error = refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "a") }
        #expect(error?.code == .delegationOutOfScope)
        #expect(error?.message.contains("not targeting") == true)
    }

    @Test func aRevokedDelegationIsRefused() throws {
        let token = try f.sign(f.authorization(), byDesigneeUnder: try f.delegation())
        #expect(refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, revoked: ["del-1"], document: "a") }?.code == .revoked)
    }

    @Test func aDesigneeCannotSignItsOwnDelegation() throws {
        let selfMade = try f.delegation(signer: f.designee)
        let token = try f.sign(f.authorization(), byDesigneeUnder: selfMade)
        let error = refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "a") }
        #expect(error?.code == .unknownSigningKey)
    }

    @Test func aDocumentOfAnotherKindIsRefused() throws {
        let delegation = try f.delegation()
        let error = refusal { _ = try f.verifier.verify(delegation, as: TargetingAuthorization.self, now: now, document: "auth.paseto") }
        #expect(error?.code == .wrongDocumentKind)
        #expect(error?.message == "auth.paseto is a delegation, not a targeting authorization")
    }

    @Test func relabellingTheKindInTheFooterBreaksTheSignature() throws {
        // A search approval whose footer is rewritten to claim it is an authorization.
        let token = try f.sign(f.searchApproval())
        let parts = try PasetoV4Public.split(token, document: "x")
        let footer = String(decoding: parts.footer, as: UTF8.self).replacingOccurrences(of: DocumentKind.searchApproval.rawValue, with: DocumentKind.targetingAuthorization.rawValue)
        let relabelled = PasetoV4Public.header + Base64URL.encode(parts.message + parts.signature) + "." + Base64URL.encode(Array(footer.utf8))
        #expect(refusal { _ = try f.verifier.verify(relabelled, as: TargetingAuthorization.self, now: now, document: "a") }?.code == .badSignature)
    }

    @Test func theApprovingOfficialMustBeTheSigner() throws {
        var auth = f.authorization()
        auth.approvingOfficial.name = "Someone Else"
        let error = refusal { _ = try f.verifier.verify(try f.sign(auth), as: TargetingAuthorization.self, now: now, document: "a") }
        #expect(error?.code == .invalidField)
        #expect(error?.message.contains("approvingOfficial.name") == true)
    }

    @Test func unknownFieldsAreRefusedNotIgnored() throws {
        struct Extended: Encodable {
            var base: TargetingAuthorization
            func encode(to encoder: Encoder) throws {
                try base.encode(to: encoder)
                var c = encoder.container(keyedBy: Key.self)
                try c.encode("night only", forKey: Key(stringValue: "restrictions")!)
            }
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init?(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
        }
        let token = try SignedDocument.sign(Extended(base: f.authorization()), kind: .targetingAuthorization, key: f.chief)
        let error = refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "a") }
        #expect(error?.message.contains("unknown field 'restrictions'") == true)
    }

    @Test func fieldErrorsNameTheField() throws {
        var auth = f.authorization()
        auth.site.latitude = 91
        #expect(refusal { _ = try f.verifier.verify(try f.sign(auth), as: TargetingAuthorization.self, now: now, document: "a") }?.message.contains("site.latitude") == true)
        auth = f.authorization(purpose: .criminalInvestigation(caseNumber: " "))
        #expect(refusal { _ = try f.verifier.verify(try f.sign(auth), as: TargetingAuthorization.self, now: now, document: "a") }?.message.contains("purpose.caseNumber") == true)
        auth = f.authorization(units: [])
        #expect(refusal { _ = try f.verifier.verify(try f.sign(auth), as: TargetingAuthorization.self, now: now, document: "a") }?.message.contains("'units'") == true)
        auth = f.authorization(id: "../etc/passwd")
        #expect(refusal { _ = try f.verifier.verify(try f.sign(auth), as: TargetingAuthorization.self, now: now, document: "a") }?.message.contains("'jti'") == true)
    }

    @Test func aUnitIdThatBreaksTheIdRuleIsRefusedNamingIt() throws {
        struct Relabelled: Encodable {
            var base: TargetingAuthorization
            func encode(to encoder: Encoder) throws {
                try base.encode(to: encoder)
                var c = encoder.container(keyedBy: TargetingAuthorization.CodingKeys.self)
                try c.encode(["unit 7"], forKey: .units)
            }
        }
        let token = try SignedDocument.sign(Relabelled(base: f.authorization()), kind: .targetingAuthorization, key: f.chief)
        let error = refusal { _ = try f.verifier.verify(token, as: TargetingAuthorization.self, now: now, document: "a") }
        #expect(error?.message.contains("unit id 'unit 7'") == true, "\(String(describing: error))")
    }

    @Test func aProhibitedUseApprovedByADesigneeIsRefused() throws {
        let approval = f.searchApproval(plate: nil, allows: .init(queriesWithoutPlate: true), ongoing: true)
        let token = try f.sign(approval, byDesigneeUnder: try f.delegation())
        let error = refusal { _ = try f.verifier.verify(token, as: SearchApproval.self, now: now, document: "s") }
        #expect(error?.code == .invalidField)
        #expect(error?.message.contains("Chief's own approval") == true)
        // The same approval from the Chief is accepted.
        _ = try f.verifier.verify(try f.sign(approval), as: SearchApproval.self, now: now, document: "s")
    }

    @Test func aProhibitedUseOutsideAnOngoingInvestigationIsRefused() throws {
        let token = try f.sign(f.searchApproval(allows: .init(bulkExport: true), ongoing: false))
        #expect(refusal { _ = try f.verifier.verify(token, as: SearchApproval.self, now: now, document: "s") }?.message.contains("ongoingCriminalInvestigation") == true)
    }
}

@Suite struct TargetingVerifierTests {
    let f = Fixtures()
    var verifier: TargetingVerifier { TargetingVerifier(documents: f.verifier, unitID: "unit-7") }

    func code(_ token: String, at now: UTCTime, revoked: Set<String> = []) -> PolicyError.Code? {
        do { _ = try verifier.verifyInForce(token, now: now, revoked: revoked, document: "auth.paseto"); return nil } catch let e as PolicyError { return e.code } catch { return .io }
    }

    @Test func inForceInsideItsWindowOnly() throws {
        let token = try f.sign(f.authorization())
        #expect(code(token, at: Fixtures.start) == nil)
        #expect(code(token, at: Fixtures.start.adding(milliseconds: -1)) == .notYetValid)
        #expect(code(token, at: Fixtures.start.adding(seconds: 8 * Fixtures.hour).adding(milliseconds: -1)) == nil)
        #expect(code(token, at: Fixtures.start.adding(seconds: 8 * Fixtures.hour)) == .expired)
    }

    @Test func anotherUnitsAuthorizationIsRefused() throws {
        let token = try f.sign(f.authorization(units: ["unit-8", "unit-9"]))
        #expect(code(token, at: Fixtures.start) == .unitNotCovered)
    }

    @Test func aRevokedAuthorizationIsRefused() throws {
        #expect(code(try f.sign(f.authorization()), at: Fixtures.start, revoked: ["auth-1"]) == .revoked)
    }

    @Test func aSpanLongerThanTheMaximumIsRefused() throws {
        let token = try f.sign(f.authorization(expires: Fixtures.start.adding(seconds: 31 * 24 * Fixtures.hour)))
        #expect(code(token, at: Fixtures.start) == .spanTooLong)
        let lenient = TargetingVerifier(documents: f.verifier, unitID: "unit-7", limits: PolicyLimits(maximumAuthorizationSpanSeconds: 40 * 86_400))
        _ = try lenient.verifyInForce(token, now: Fixtures.start, revoked: [], document: "a")
    }

    @Test func aDocumentIssuedAfterTheUnitsClockIsRefused() throws {
        let token = try f.sign(f.authorization(issuedAt: Fixtures.start.adding(seconds: 600)))
        #expect(code(token, at: Fixtures.start) == .issuedInFuture)
    }

    @Test func stopsWhenItsDelegationEndsEvenIfTheAuthorizationRunsLonger() throws {
        let delegation = try f.delegation(expires: Fixtures.start.adding(seconds: 2 * Fixtures.hour))
        let token = try f.sign(f.authorization(), byDesigneeUnder: delegation)
        #expect(code(token, at: Fixtures.start.adding(seconds: Fixtures.hour)) == nil)
        #expect(code(token, at: Fixtures.start.adding(seconds: 2 * Fixtures.hour)) == .delegationExpired)
    }
}
