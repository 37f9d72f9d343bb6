import ArgumentParser
import MilepostPolicy

/// Options every signing command shares.
struct SigningOptions: ParsableArguments {
    @Option(help: "Private key file of the Chief or a designee.")
    var key: String

    @Option(help: "The Chief's signed delegation, when --key is a designee key.")
    var delegation: String?

    @Option(help: "Write the signed document here (default: standard output).")
    var out: String?

    func load() throws -> (PolicySigningKey, String?) {
        (try PolicyCLI.keys.loadSigningKey(key), try PolicyCLI.loadDelegation(delegation))
    }
}
