import ArgumentParser
import Crypto
import Foundation
import MilepostHotlist
import MilepostService
import MilepostSystem

struct NoticesIssueTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue-token",
        abstract: "Make an officer's bearer token: prints it once and adds only its SHA-256 to the tokens file."
    )

    @Option(help: "Officer identifier (badge number), recorded with every disposition.")
    var officer: String

    @Option(help: "The unit's tokens file: officer-tokens in its state directory. Takes effect without a restart.")
    var tokens = "/var/lib/milepost/officer-tokens"

    func run() throws {
        guard !officer.isEmpty, officer.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ValidationError("--officer must be letters, digits, '-' or '_'")
        }
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let files = DiskFileSystem()
        let existing = files.exists(tokens) ? try files.readWholeFile(tokens) : []
        var text = String(decoding: existing, as: UTF8.self)
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += OfficerTokens.line(officer: officer, token: token) + "\n"
        _ = try OfficerTokens(fileContents: text)
        try files.replaceAtomically(tokens, with: Array(text.utf8))
        print(token)
    }
}
