import ArgumentParser
import MilepostPolicy

/// `milepost auth issue`: sign a targeting authorization on the supervisor's machine.
struct AuthIssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Sign a targeting authorization that lets named units capture at a site."
    )

    @OptionGroup var signing: SigningOptions

    @Option(help: "Authorization id (letters, digits, . _ -).")
    var id: String

    @Option(help: "Serial; raise it when re-issuing the same id.")
    var serial: Int = 1

    @Option(name: .customLong("unit"), help: "A unit id this covers (repeat for several).")
    var units: [String]

    @Option(parsing: .unconditional, help: "Site latitude, decimal degrees (negative south).")
    var latitude: Double

    @Option(parsing: .unconditional, help: "Site longitude, decimal degrees (negative west).")
    var longitude: Double

    @Option(help: "Site description, e.g. \"Main St at Rte 9, eastbound\".")
    var site: String

    @Option(help: "routine-patrol, traffic-enforcement or criminal-investigation.")
    var purpose: Purpose

    @Option(name: .customLong("case"), help: "Case number (required for criminal-investigation).")
    var caseNumber: String?

    @Option(name: .customLong("hotlist"), help: "A hotlist whose hits this deployment may raise (repeat).")
    var hotlists: [String] = []

    @Option(help: "Start, RFC 3339 or 'now'.")
    var notBefore: String = "now"

    @Option(help: "End, RFC 3339.")
    var expires: String?

    @Option(help: "Length instead of --expires: 90m, 8h, 7d.")
    var validFor: String?

    @Option(help: "Refuse to sign a longer span than this (units apply their own limit too).")
    var maxSpan: String = "30d"

    func run() throws {
        let (signingKey, delegation) = try signing.load()
        let (official, embedded) = try PolicyCLI.signer(signingKey, delegation: delegation)
        let start = try PolicyCLI.time(notBefore, option: "--not-before")
        let end = try PolicyCLI.expiry(notBefore: start, expires: expires, validFor: validFor)
        let limit = try PolicyCLI.duration(maxSpan, option: "--max-span")
        if end.milliseconds(since: start) / 1000 > limit {
            throw ValidationError("the authorization would span \(end.milliseconds(since: start) / 1000) s, more than --max-span \(maxSpan)")
        }
        var finalPurpose = purpose
        if case .criminalInvestigation = purpose {
            guard let caseNumber, !caseNumber.isEmpty else { throw ValidationError("--purpose criminal-investigation needs --case NUMBER") }
            finalPurpose = .criminalInvestigation(caseNumber: caseNumber)
        } else if caseNumber != nil {
            throw ValidationError("--case is only for --purpose criminal-investigation")
        }
        let auth = TargetingAuthorization(id: id, serial: serial, units: try PolicyCLI.unitIDs(units, option: "--unit"), site: .init(latitude: latitude, longitude: longitude, description: site),
                                          purpose: finalPurpose, hotlists: hotlists, notBefore: start, expires: end, approvingOfficial: official,
                                          issuedAt: PolicyCLI.now(), delegation: embedded)
        try auth.validateFields(document: "authorization \(id)")
        try PolicyCLI.emit(try PolicyCLI.sign(auth, key: signingKey), to: signing.out, what: "targeting authorization \(id)")
    }
}
