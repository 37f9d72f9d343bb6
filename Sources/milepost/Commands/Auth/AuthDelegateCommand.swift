import ArgumentParser
import MilepostPolicy

/// `milepost auth delegate`: the Chief lets a designee's key approve some kinds of document.
struct AuthDelegateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegate",
        abstract: "Sign a delegation (Chief only) letting a designee key approve targeting, searches or revocations."
    )

    @Option(help: "The Chief's private key file.")
    var key: String

    @Option(help: "The designee's public key file.")
    var designee: String

    @Option(help: "Delegation id.")
    var id: String

    @Option(name: .customLong("scope"), help: "targeting, search or revocation (repeat).")
    var scopes: [ApprovalScope]

    @Option(help: "Start, RFC 3339 or 'now'.")
    var notBefore: String = "now"

    @Option(help: "End, RFC 3339.")
    var expires: String?

    @Option(help: "Length instead of --expires: 8h, 30d.")
    var validFor: String?

    @Option(help: "Write the delegation here (default: standard output).")
    var out: String?

    func run() throws {
        let chief = try PolicyCLI.keys.loadSigningKey(key, role: .chief)
        let designeeKey = try PolicyCLI.keys.loadPublicKey(designee, role: .designee)
        let start = try PolicyCLI.time(notBefore, option: "--not-before")
        let end = try PolicyCLI.expiry(notBefore: start, expires: expires, validFor: validFor)
        let delegation = Delegation(id: id, issuedAt: PolicyCLI.now(), notBefore: start, expires: end, chief: chief, designee: designeeKey, scope: scopes)
        try PolicyCLI.emit(try SignedDocument.sign(delegation, kind: .delegation, key: chief), to: out, what: "delegation \(id) to \(designeeKey.holder.name)")
    }
}
