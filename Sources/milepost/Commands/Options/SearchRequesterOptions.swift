import ArgumentParser
import MilepostPolicy

/// Who is searching and why, as `milepost search` records it and checks it against the approval.
struct SearchRequesterOptions: ParsableArguments {
    @Option(help: "Your badge or employee id (must be the approval's requester).")
    var requester: String

    @Option(help: "Your organisation.")
    var organisation: String = ""

    @Option(name: .customLong("case"), help: "The case number you are searching for (required; must be the approval's).")
    var caseNumber: String?

    @Option(help: "The purpose of the search (must be the approval's, if given).")
    var purpose: String?

    /// The officer for the audit log; without `--organisation`, the unit's own.
    func officer(unitOrganisation: String) -> AuditActor {
        AuditActor(id: requester, organisation: organisation.isEmpty ? unitOrganisation : organisation)
    }
}
