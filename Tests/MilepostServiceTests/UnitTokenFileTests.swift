import Foundation
import HTTPTypes
import Hummingbird
import MilepostSystem
import MilepostTesting
import Testing
@testable import MilepostService

/// The unit's tokens file: its two line forms, issuing, revoking, and a running unit's
/// reader seeing each change at once.
struct UnitTokenFileTests {
    static func request(bearer token: String) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: "http", authority: "unit", path: "/status",
                                  headerFields: [.authorization: "Bearer \(token)"]),
                body: .init(buffer: .init()))
    }

    @Test func aTwoFieldLineIsAnOfficersAndAThreeFieldLineNamesTheRole() throws {
        let text = OfficerTokens.line(officer: "b-311", token: "old") + "\n"
            + OfficerTokens.line(UnitCredential(holder: "a-1", role: .auditor), token: "new") + "  # the auditor\n"
        let entries = try OfficerTokens.entries(text)
        #expect(entries.map(\.credential) == [UnitCredential(holder: "b-311", role: .officer), UnitCredential(holder: "a-1", role: .auditor)])
        #expect(entries.map(\.digest) == [OfficerTokens.digest(of: "old"), OfficerTokens.digest(of: "new")])
    }

    @Test func aBadLineIsNamedWithWhatIsWrong() {
        let digest = OfficerTokens.hex(OfficerTokens.digest(of: "t"))
        let role = #expect(throws: OfficerTokens.FileError.self) { try OfficerTokens.entries("\n a-1 janitor \(digest)\n") }
        #expect(role.map { "\($0)" } == "tokens file line 2: 'janitor' is not a role; the roles are installer, supervisor, officer, auditor, searcher")
        let hex = #expect(throws: OfficerTokens.FileError.self) { try OfficerTokens.entries("a-1 auditor abc") }
        #expect(hex.map { "\($0)" } == "tokens file line 1: 'abc' is not a 64-digit SHA-256 hex digest")
        let fields = #expect(throws: OfficerTokens.FileError.self) { try OfficerTokens.entries("a-1 auditor \(digest) extra") }
        #expect(fields?.problem.hasPrefix("expected 'holder-id role sha256-hex'") == true)
    }

    @Test func issuedTokensAreAcceptedAndRevokedOnesRefusedWithoutAReload() async throws {
        let directory = try TemporaryDirectory("unit-tokens")
        defer { directory.remove() }
        let path = directory.appending("officer-tokens")
        let editor = UnitTokenFileEditor(path: path)
        let reader = OfficerTokenFile(path: path, fileSystem: DiskFileSystem(), queue: SerialLane(label: "tokens-test", pool: .forTests))
        let searcher = try editor.issue(UnitCredential(holder: "s-9", role: .searcher))
        let officer = try editor.issue(UnitCredential(holder: "s-9", role: .officer))
        #expect(try await reader.credential(for: Self.request(bearer: searcher)) == UnitCredential(holder: "s-9", role: .searcher))
        #expect(!String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).contains(searcher),
                "only the digest is kept")
        #expect(try editor.revoke(holder: "s-9", role: .searcher) == 1)
        await #expect(throws: HTTPError.self) { try await reader.credential(for: Self.request(bearer: searcher)) }
        #expect(try await reader.credential(for: Self.request(bearer: officer)).role == .officer, "the holder's other token stays")
        #expect(try editor.list().map(\.credential) == [UnitCredential(holder: "s-9", role: .officer)])
        #expect(throws: UnitTokenFileEditor.EditError.self) { try editor.revoke(holder: "nobody") }
        #expect(throws: UnitTokenFileEditor.EditError.self) { try editor.issue(UnitCredential(holder: "has space", role: .officer)) }
    }
}
