import ArgumentParser
import MilepostPolicy

/// `milepost auth expire ID...`: sign the next revocation list.
struct AuthExpireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expire",
        abstract: "Revoke authorizations, search approvals or delegations by signing the next revocation list.",
        discussion: "The new list carries every revocation of --previous and a version one higher. With no ID it just renews the list's expiry (units refuse searches once their list expires)."
    )

    @Argument(help: "Ids to revoke.")
    var ids: [String] = []

    @OptionGroup var signing: SigningOptions

    @Option(help: "The current revocation list, whose revocations are carried forward.")
    var previous: String?

    @Option(help: "The Chief's public key, to check --previous.")
    var trust: String?

    @Option(help: "Why (recorded in the list).")
    var reason: String = "expired by supervisor"

    @Option(help: "How long units may rely on this list: 24h, 7d.")
    var validFor: String = "7d"

    func run() throws {
        let (key, delegation) = try signing.load()
        let (official, embedded) = try PolicyCLI.signer(key, delegation: delegation)
        let now = PolicyCLI.now()
        var version = 1
        var revoked = [RevocationList.Revocation]()
        if let previous {
            guard let trust else { throw ValidationError("--previous needs --trust CHIEF.pub to check it") }
            let verifier = try DocumentVerifier(chief: try PolicyCLI.keys.loadPublicKey(trust, role: .chief))
            let token = try PolicyCLI.readText(previous)
            let held = try verifier.verify(token, as: RevocationList.self, now: now, document: previous).document
            version = held.version + 1
            revoked = held.revoked
        } else if ids.isEmpty {
            throw ValidationError("name at least one id to revoke, or give --previous to renew the list")
        }
        for id in ids where !revoked.contains(where: { $0.id == id }) {
            revoked.append(.init(id: id, revokedAt: now, reason: reason))
        }
        let list = RevocationList(version: version, revoked: revoked, expires: now.adding(seconds: try PolicyCLI.duration(validFor, option: "--valid-for")),
                                  approvingOfficial: official, issuedAt: now, delegation: embedded)
        try list.validateFields(document: "revocation list")
        try PolicyCLI.emit(try PolicyCLI.sign(list, key: key), to: signing.out, what: "revocation list version \(version)")
    }
}
