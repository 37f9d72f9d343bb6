import ArgumentParser
import MilepostHotlist
import MilepostPolicy
import MilepostSystem

/// `milepost auth approve-hotlist`: the Chief's or a designee's approval of one version of a
/// hotlist, without which no unit matches it.
struct AuthApproveHotlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve-hotlist",
        abstract: "Sign a hotlist approval: the list file's content hash and entry count, its kind, matching settings and expiry.",
        discussion: """
            The file is parsed as `milepost hotlist import` parses it, and the approval names the SHA-256 of its \
            canonical content (docs/POLICY-FORMATS.md), so a unit matches exactly this list and nothing else. A \
            routine list (statewide or NCIC extract) needs the Chief or a designee with the hotlists or \
            routine-hotlists scope; a targeted list must name its --case and needs the Chief or a designee with \
            both the hotlists and targeting scopes.
            """
    )

    @OptionGroup var signing: SigningOptions

    @Argument(help: "The list file to approve (CSV or NCIC-style fixed-width).")
    var file: String

    @Option(help: "Approval id.")
    var id: String

    @Option(help: "The list's name on the units.")
    var list: String

    @Option(help: "routine (statewide or NCIC extract) or targeted (a list for one case).")
    var kind: HotlistApproval.Kind

    @Option(name: .customLong("case"), help: "Case number; required for a targeted list.")
    var caseNumber: String?

    @Option(help: "csv or ncic (fixed-width). Default: csv for *.csv files, else ncic.")
    var format: String?

    @Option(help: "routine, elevated or high.")
    var priority = "routine"

    @Option(help: "Look-alike characters allowed to differ (0 = exact only, at most 3).")
    var lookalike = 1

    @Flag(help: "Serious list (AMBER, wanted...): accept partial plates.")
    var serious = false

    @Option(help: "Start, RFC 3339 or 'now'.")
    var notBefore = "now"

    @Option(help: "End, RFC 3339.")
    var expires: String?

    @Option(help: "Length instead of --expires: 36h, 7d.")
    var validFor: String?

    func run() throws {
        let (signingKey, delegation) = try signing.load()
        let (official, embedded) = try PolicyCLI.signer(signingKey, delegation: delegation)
        let listPriority = try HotlistCLI.priority(priority)
        let lookalike = try HotlistCLI.lookalike(lookalike)
        guard ListSettings.isValidName(list) else {
            throw ValidationError("--list '\(list)' is not a list name: use 1–64 letters, digits, '-', '_' or '.', not starting with '.'")
        }
        let fileFormat = try HotlistCLI.format(format, file: file)
        let settings = ListSettings(name: list, priority: listPriority, lookalikeSubstitutions: lookalike, serious: serious)
        let entries: [HotlistEntry]
        do {
            entries = try HotlistContent.entries(parsing: try PolicyCLI.fileSystem.readWholeFile(file), file: file, format: fileFormat, settings: settings)
        } catch let error as HotlistStoreError {
            printToStandardError("not approved: \(error.description)")
            throw ExitCode(65)
        }
        let now = PolicyCLI.now()
        let start = try PolicyCLI.time(notBefore, option: "--not-before")
        let approval = HotlistApproval(
            id: id, list: list, listKind: kind, caseNumber: caseNumber, contentSHA256: HotlistContent.sha256(of: entries), entryCount: entries.count,
            matching: .init(priority: listPriority.name, lookalike: lookalike, serious: serious),
            notBefore: start, expires: try PolicyCLI.expiry(notBefore: start, expires: expires, validFor: validFor),
            approvingOfficial: official, issuedAt: now, delegation: embedded)
        try approval.validateFields(document: "hotlist approval \(id)")
        try PolicyCLI.emit(try PolicyCLI.sign(approval, key: signingKey), to: signing.out, what: "hotlist approval \(id) (\(list), sha256 \(approval.contentSHA256), \(entries.count) entries)")
    }
}

extension HotlistApproval.Kind: ExpressibleByArgument {}
