import ArgumentParser
import Foundation
import MilepostPolicy
import MilepostService
import MilepostStorage

/// `milepost search`: the only way stored reads leave the unit through the command line.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search stored reads under a signed search approval, or look up a hit notice you received.",
        discussion: """
            A search runs only under a signed search approval (policy 10.05 §V), only within its plate \
            and time scope, only for the requester it names, at most its maximum uses, and never when \
            the clock has been set back or the revocation list has expired. Bulk export and searches \
            without a plate or with a sweep pattern (*, A*, *1*2*3*) are refused unless a Chief's approval for an ongoing criminal investigation \
            allows them (§IV). Every search, allowed or refused, is in the audit log with its result count.
            An officer looking up a hit notice they received (--notice) needs no approval; it is logged.
            Run on a stopped unit; while `milepost run` holds the audit log, use POST /api/search.
            """
    )

    @Option(help: "Unit configuration file (JSON), for the state directory, unit id and retention.")
    var config = InstalledFiles.unitConfig

    @Option(help: "State directory (default: the config's stateDirectory); holds policy/, reads/ and outbox/.")
    var stateDir: String?

    @OptionGroup var scope: SearchScopeOptions

    @Option(help: "The signed search approval file.")
    var approval: String?

    @OptionGroup var requester: SearchRequesterOptions

    @Option(help: "Bulk export: write every read in scope to this file (JSON lines) instead of listing them. Prohibited unless the approval allows it.")
    var export: String?

    @Option(help: "Look up the stored read of a hit notice you received (notice sequence number or id). Not gated; logged.")
    var notice: String?

    func validate() throws {
        if notice != nil {
            if approval != nil || scope.plate != nil || scope.from != nil || scope.to != nil || export != nil {
                throw ValidationError("--notice looks up one hit notice; it takes no --approval, --plate, --from, --to or --export")
            }
        } else if approval == nil || scope.from == nil || scope.to == nil || requester.caseNumber == nil {
            throw ValidationError("a search needs --approval FILE, --case N, --from TIME and --to TIME (or --notice ID to look up a hit notice)")
        }
    }

    func run() throws {
        let settings = try UnitConfig.load(path: config, stateDirectory: stateDir)
        let layout = UnitStateLayout(root: settings.stateDirectory)
        let unit = try UnitPolicy.open(root: layout.policy)
        guard unit.unitID == settings.unitID else {
            throw ValidationError("the unit key in \(layout.policy) is for '\(unit.unitID)' but the config says '\(settings.unitID)'")
        }
        let store = try ReadStore.open(settings.readStoreConfiguration(in: layout), mode: .readOnly)
        defer { store.close() }
        let search = ApprovedSearch(gate: unit.searchGate, store: ReadStoreSearch(store: store),
                                    notices: OutboxNoticeFiles(outboxDirectory: layout.outbox, fileSystem: PolicyCLI.fileSystem))
        let officer = requester.officer(unitOrganisation: unit.unitKey.holder.organisation)
        if let notice {
            try lookUp(notice, with: search, officer: officer)
        } else {
            try runSearch(with: search, officer: officer)
        }
    }

    private func lookUp(_ notice: String, with search: ApprovedSearch, officer: AuditActor) throws {
        let found = try refusalsAsExit { try search.lookUpHitNotice(notice, officer: officer, source: "cli") }
        print("hit notice \(found.notice.id) (sequence \(found.notice.sequence)): \(found.notice.plate) captured \(found.notice.capturedAt)")
        found.reads.forEach(Self.show)
        print("\(found.reads.count) stored read(s); lookup recorded in the audit log")
    }

    /// A search under the approval; `validate()` has made sure it has its approval and case.
    private func runSearch(with search: ApprovedSearch, officer: AuditActor) throws {
        let request = ApprovedSearch.Request(query: try scope.query(kind: export == nil ? .plateSearch : .bulkExport),
                                             approvalToken: try PolicyCLI.readText(approval!), requester: officer, source: "cli",
                                             caseNumber: requester.caseNumber!, purpose: requester.purpose)
        let result = try refusalsAsExit { try search.run(request) }
        if let export {
            let lines = try result.reads.map { String(decoding: try PolicyRoutes.encoder.encode($0), as: UTF8.self) + "\n" }.joined()
            try PolicyCLI.fileSystem.writeFileAtomically(export, Array(lines.utf8), permissions: 0o600)
            print("exported \(result.reads.count) read(s) to \(export)")
        } else {
            result.reads.forEach(Self.show)
        }
        for damage in result.damaged { print("damaged (skipped): \(damage)") }
        print("\(result.reads.count) read(s) within \(result.scope) under approval \(result.approvalID) (use \(result.use) of \(result.maxUses)); recorded in the audit log")
    }

    static func show(_ read: FoundRead) {
        print("\(read.sequence)\t\(read.capturedAt)\t\(read.plate)\t\(String(format: "%.2f", read.confidence))\t\(read.unit)/\(read.camera)\tauth \(read.authorizationID)\tcrop \(read.plateCrop.count) B")
    }

    /// A refusal is the answer, not a crash: print why (it is already audited) and exit 1.
    private func refusalsAsExit<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PolicyError {
            printToStandardError("refused: \(error.message)")
            throw ExitCode(1)
        }
    }
}
