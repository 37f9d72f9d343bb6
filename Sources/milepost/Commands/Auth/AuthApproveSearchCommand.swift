import ArgumentParser
import MilepostPolicy

/// `milepost auth approve-search`: prior approval for searches of stored reads.
struct AuthApproveSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve-search",
        abstract: "Sign a search approval: requester, case, plate scope, time range, uses and expiry.",
        discussion: """
            Bulk export and searches without a plate are prohibited (policy 10.05 §IV); --allow-bulk-export and \
            --allow-no-plate need --ongoing-investigation and the Chief's own key. So does a --plate that is a \
            sweep: fewer than 3 known characters held in place, as in *, A* or *1*2*3* (ABC*, *1234, AB?123 \
            and AB*12 are not sweeps); a designee's key is refused whatever its delegation says.
            """
    )

    @OptionGroup var signing: SigningOptions

    @Option(help: "Approval id.")
    var id: String

    @Option(help: "Requesting officer's name.")
    var requesterName: String

    @Option(help: "Requesting officer's badge or employee number.")
    var requesterId: String

    @Option(help: "Requesting officer's department.")
    var organisation: String

    @Option(name: .customLong("case"), help: "Case number.")
    var caseNumber: String

    @Option(help: "Purpose of the search.")
    var purpose: String

    @Flag(help: "The case is an ongoing criminal investigation.")
    var ongoingInvestigation = false

    @Option(help: "Plate or pattern (? one character, * any run); a sweep pattern needs the Chief and --ongoing-investigation.")
    var plate: String?

    @Option(help: "Earliest read time searchable, RFC 3339.")
    var from: String

    @Option(help: "Latest read time searchable, RFC 3339 or 'now'.")
    var to: String = "now"

    @Option(name: .customLong("unit"), help: "A unit whose reads may be searched (repeat).")
    var units: [String]

    @Option(help: "How many searches this approval allows.")
    var maxUses: Int = 1

    @Flag(help: "Allow bulk export (prohibited by default).")
    var allowBulkExport = false

    @Flag(help: "Allow searches without a plate (prohibited by default).")
    var allowNoPlate = false

    @Option(help: "End, RFC 3339.")
    var expires: String?

    @Option(help: "Length instead of --expires: 8h, 7d.")
    var validFor: String?

    func run() throws {
        let (signingKey, delegation) = try signing.load()
        let (official, embedded) = try PolicyCLI.signer(signingKey, delegation: delegation)
        let now = PolicyCLI.now()
        let approval = SearchApproval(
            id: id, requester: .init(name: requesterName, id: requesterId, organisation: organisation), caseNumber: caseNumber, purpose: purpose,
            ongoingCriminalInvestigation: ongoingInvestigation,
            scope: .init(plate: plate, from: try PolicyCLI.time(from, option: "--from"), to: try PolicyCLI.time(to, option: "--to")),
            units: try PolicyCLI.unitIDs(units, option: "--unit"), maxUses: maxUses, allows: .init(bulkExport: allowBulkExport, queriesWithoutPlate: allowNoPlate),
            notBefore: now, expires: try PolicyCLI.expiry(notBefore: now, expires: expires, validFor: validFor),
            approvingOfficial: official, issuedAt: now, delegation: embedded)
        try approval.validateFields(document: "search approval \(id)")
        try PolicyCLI.emit(try PolicyCLI.sign(approval, key: signingKey), to: signing.out, what: "search approval \(id)")
    }
}
