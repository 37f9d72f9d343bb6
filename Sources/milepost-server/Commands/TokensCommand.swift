import ArgumentParser
import MilepostServer

/// `milepost-server tokens issue|list|revoke`: the bearer tokens of the server's users.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Issue, list and revoke the bearer tokens of the server's users (only their SHA-256 digests are stored).",
        subcommands: [Issue.self, List.self, Revoke.self]
    )

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token and print it once; it cannot be shown again.",
            discussion: "The holder id is who the audit log names. For a searcher it must be the requester id (badge number) of the search approvals they use.")

        @OptionGroup var options: ServerConfigOption

        @Option(help: "One of \(ServerRole.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: String

        @Option(help: "The holder's id (badge or employee number).")
        var holder: String

        @Option(help: "A name for this token, unique among the holder's live tokens (for example the device).")
        var name: String

        func run() async throws {
            let role = try ServerRole(parsing: role)
            let database = try options.database()
            try await database.migrate()
            let token = try await database.whileRunning { try await AccessTokens(database: $0).issue(role: role, holderID: holder, name: name) }
            print(token)
            print("issued a \(role.rawValue) token '\(name)' to \(holder); keep it secret, it is not shown again")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every token issued, live and revoked (never the tokens themselves).")

        @OptionGroup var options: ServerConfigOption

        func run() async throws {
            let database = try options.database()
            try await database.migrate()
            let entries = try await database.whileRunning { try await AccessTokens(database: $0).all() }
            if entries.isEmpty { print("no tokens issued") }
            for entry in entries {
                let state = entry.revokedAt.map { "revoked \($0)" } ?? "live"
                print("\(entry.holderID)  \(entry.name)  \(entry.role.rawValue)  issued \(entry.issuedAt)  \(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a holder's token; the running server refuses it from its next request.")

        @OptionGroup var options: ServerConfigOption

        @Option(help: "The holder's id.")
        var holder: String

        @Option(help: "The token's name.")
        var name: String

        func run() async throws {
            let database = try options.database()
            try await database.migrate()
            try await database.whileRunning { try await AccessTokens(database: $0).revoke(holderID: holder, name: name) }
            print("revoked token '\(name)' of \(holder)")
        }
    }
}
