import ArgumentParser
import Foundation
import MilepostPolicy
import MilepostServer
import MilepostSystem

/// `milepost-server units register|list`: the unit keys the server takes batches from.
struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Register unit keys and list them.",
        subcommands: [Register.self, List.self]
    )

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a unit's public key (unit.pub, from `milepost keys generate --role unit`), so the server accepts its batches.")

        @OptionGroup var options: ServerConfigOption

        @Option(help: "The unit's public key file.")
        var key: String

        @Option(help: "Who registers the key, for the server's audit log (default: the login name).")
        var registeredBy = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.userName

        func run() async throws {
            let publicKey = try KeyStore(fileSystem: DiskFileSystem()).loadPublicKey(key, role: .unit)
            let database = try options.database()
            try await database.migrate()
            let outcome = try await database.whileRunning { try await UnitKeyRegistry(database: $0).register(publicKey, registeredBy: registeredBy) }
            switch outcome {
            case .registered:
                print("registered unit key \(publicKey.id) of unit \(publicKey.holder.name); the running server audits the registration")
            case .alreadyRegistered: print("unit key \(publicKey.id) of unit \(publicKey.holder.name) was already registered")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered unit keys.")

        @OptionGroup var options: ServerConfigOption

        func run() async throws {
            let database = try options.database()
            try await database.migrate()
            let entries = try await database.whileRunning { try await UnitKeyRegistry(database: $0).all() }
            if entries.isEmpty { print("no unit keys registered") }
            for entry in entries {
                print("\(entry.unitID)  key \(entry.keyID)  \(entry.organisation)  registered \(entry.registeredAt)")
            }
        }
    }
}
