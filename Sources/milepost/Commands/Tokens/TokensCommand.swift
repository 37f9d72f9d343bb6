import ArgumentParser
import MilepostService

struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Bearer tokens for the unit's API, each with a role (see docs/unit-access.md). Changes take effect without a restart.",
        subcommands: [TokensIssueCommand.self, TokensListCommand.self, TokensRevokeCommand.self]
    )
}

/// Where the tokens file is: `officer-tokens` in the unit's state directory.
struct TokensFileOption: ParsableArguments {
    @Option(help: "The unit's state directory; the tokens are in its officer-tokens file.")
    var stateDir = "/var/lib/milepost"

    var editor: UnitTokenFileEditor { UnitTokenFileEditor(path: UnitStateLayout(root: stateDir).officerTokens) }
}

extension UnitRole: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct TokensIssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Make a token: prints it once and keeps only its SHA-256 on the unit.")

    @Option(help: "The holder's role: \(UnitRole.allCases.map(\.rawValue).joined(separator: ", ")).")
    var role: UnitRole

    @Option(help: "The holder's identifier (badge number, staff id), recorded with everything the token is used for.")
    var holder: String

    @OptionGroup var file: TokensFileOption

    func run() throws {
        print(try file.editor.issue(UnitCredential(holder: holder, role: role)))
    }
}

struct TokensListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the holders and roles of the tokens on file, with the start of each digest.")

    @OptionGroup var file: TokensFileOption

    func run() throws {
        let entries = try file.editor.list()
        if entries.isEmpty { print("no tokens in \(file.editor.path)") }
        for entry in entries {
            print("\(entry.credential.holder) \(entry.credential.role.rawValue) sha256:\(OfficerTokens.hex(Array(entry.digest.prefix(6))))…")
        }
    }
}

struct TokensRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Remove a holder's tokens (only those of --role when given).")

    @Option(help: "The holder whose tokens to remove.")
    var holder: String

    @Option(help: "Remove only the holder's tokens of this role.")
    var role: UnitRole?

    @OptionGroup var file: TokensFileOption

    func run() throws {
        let removed = try file.editor.revoke(holder: holder, role: role)
        print("revoked \(removed) token\(removed == 1 ? "" : "s") of \(holder)")
    }
}
