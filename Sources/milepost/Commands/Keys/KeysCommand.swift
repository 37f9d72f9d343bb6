import ArgumentParser
import MilepostPolicy

/// `milepost keys generate|show`: Ed25519 key pairs for the Chief, designees and units.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and inspect Ed25519 key pairs (Chief, designee, unit).",
        subcommands: [Generate.self, Show.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key pair: PREFIX.key (private, mode 0600) and PREFIX.pub.",
            discussion: "For a unit key, --name is the unit id that authorizations name."
        )

        @Option(help: "chief, designee or unit.")
        var role: KeyRole

        @Option(help: "The holder's name (a person; for a unit key, the unit id).")
        var name: String

        @Option(help: "The department.")
        var organisation: String = ""

        @Option(help: "Path prefix of the two files written.")
        var out: String

        func run() throws {
            let key = PolicySigningKey.generate(holder: KeyHolder(role: role, name: name, organisation: organisation))
            let paths = try PolicyCLI.keys.save(key, prefix: out)
            print("\(role.rawValue) key \(key.id) for \(name)")
            print("private: \(paths.privatePath) (keep secret; mode 0600)")
            print("public:  \(paths.publicPath)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a public key file's role, holder and key id.")

        @Argument(help: "A .pub file.")
        var file: String

        func run() throws {
            let key = try PolicyCLI.keys.loadPublicKey(file)
            print("\(key.holder.role.rawValue) key \(key.id): \(key.holder.name), \(key.holder.organisation)")
        }
    }
}
