import Testing
@testable import MilepostPolicy

/// The official PASETO v4.public vectors 4-S-1..3 (paseto-standard/test-vectors, v4.json):
/// signing reproduces the token byte for byte and verification returns the payload.
@Suite struct PasetoV4PublicTests {
    static let seed = "b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774"
    static let publicKey = "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2"
    static let payload = #"{"data":"this is a signed message","exp":"2022-01-01T00:00:00+00:00"}"#
    static let kidFooter = #"{"kid":"zVhMiPBP9fRf2snEcT7gFTioeA9COcNy9DfgL1W60haN"}"#

    struct Vector: Sendable {
        var name: String
        var footer: String
        var implicit: String
        var token: String
    }

    static let vectors = [
        Vector(name: "4-S-1", footer: "", implicit: "",
               token: "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9bg_XBBzds8lTZShVlwwKSgeKpLT3yukTw6JUz3W4h_ExsQV-P0V54zemZDcAxFaSeef1QlXEFtkqxT1ciiQEDA"),
        Vector(name: "4-S-2", footer: kidFooter, implicit: "",
               token: "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9v3Jt8mx_TdM2ceTGoqwrh4yDFn0XsHvvV_D0DtwQxVrJEBMl0F2caAdgnpKlt4p7xBnx1HcO-SPo8FPp214HDw.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9"),
        Vector(name: "4-S-3", footer: kidFooter, implicit: #"{"test-vector":"4-S-3"}"#,
               token: "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9NPWciuD3d0o5eXJXG5pJy-DiVEoyPYWs1YSTwWHNJq6DZD3je5gf-0M4JR9ipdUSJbIovzmBECeaWmaqcaP0DQ.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9"),
    ]

    static let holder = KeyHolder(role: .chief, name: "Vector", organisation: "PASETO")

    @Test(arguments: vectors)
    func signingReproducesTheVectorToken(_ v: Vector) throws {
        let key = try PolicySigningKey(holder: Self.holder, seed: Hex.decode(Self.seed)!)
        #expect(Hex.encode(key.publicKey.rawRepresentation) == Self.publicKey)
        let token = try PasetoV4Public.sign(message: Array(Self.payload.utf8), key: key, footer: Array(v.footer.utf8), implicitAssertion: Array(v.implicit.utf8))
        #expect(token == v.token, "\(v.name)")
    }

    @Test(arguments: vectors)
    func verificationReturnsThePayload(_ v: Vector) throws {
        let key = try PolicyPublicKey(holder: Self.holder, rawRepresentation: Hex.decode(Self.publicKey)!)
        let result = try PasetoV4Public.verify(v.token, key: key, implicitAssertion: Array(v.implicit.utf8), document: v.name)
        #expect(String(decoding: result.message, as: UTF8.self) == Self.payload)
        #expect(String(decoding: result.footer, as: UTF8.self) == v.footer)
    }

    @Test func aDifferentImplicitAssertionIsRefused() throws {
        let key = try PolicyPublicKey(holder: Self.holder, rawRepresentation: Hex.decode(Self.publicKey)!)
        let error = #expect(throws: PolicyError.self) {
            try PasetoV4Public.verify(Self.vectors[2].token, key: key, implicitAssertion: Array("other".utf8), document: "4-S-3")
        }
        #expect(error?.code == .badSignature)
    }

    @Test(arguments: [
        "v4.local.AAAA", "v3.public.AAAA", "v2.public.AAAA", "none.AAAA", "eyJhbGciOiJub25lIn0.e30.",
        "V4.PUBLIC.AAAA", "",
    ])
    func otherVersionsAndNoneAreRefusedBeforeParsing(_ token: String) {
        let error = #expect(throws: PolicyError.self) { try PasetoV4Public.split(token, document: "doc") }
        #expect(error?.code == .unsupportedTokenVersion)
    }

    @Test func shortOrOddlyShapedTokensAreMalformed() {
        for token in ["v4.public.", "v4.public.AAAA", "v4.public.a.b.c", "v4.public.A", "v4.public.\(String(repeating: "A", count: 86)).", "v4.public.a=="] {
            let error = #expect(throws: PolicyError.self) { try PasetoV4Public.split(token, document: "doc") }
            #expect(error?.code == .malformedToken, "\(token)")
        }
    }

    @Test func preAuthenticationEncodingMatchesTheSpecificationExamples() {
        #expect(PreAuthenticationEncoding.encode([]) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(PreAuthenticationEncoding.encode([[]]) == [1, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(PreAuthenticationEncoding.encode([Array("test".utf8)]) == [1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0] + Array("test".utf8))
    }
}
