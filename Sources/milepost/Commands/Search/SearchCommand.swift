import ArgumentParser
import Foundation
import MilepostCore
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
            without a plate are refused unless a Chief's approval for an ongoing criminal investigation \
            allows them (§IV). Every search, allowed or refused, is in the audit log with its result count.
            An officer looking up a hit notice they received (--notice) needs no approval; it is logged.
            Run on a stopped unit; while `milepost run` holds the audit log, use POST /api/search.
            """
    )

    @Option(help: "Unit configuration file (JSON), for the state directory, unit id and retention.")
    var config = "Config/unit.json"

    @Option(help: "State directory (default: the config's stateDirectory); holds policy/, reads/ and outbox/.")
    var stateDir: String?

    @Option(help: "Plate or plate pattern: ? is one unknown character, * any run (omit only if the approval allows searches without a plate).")
    var plate: String?

    @Option(help: "Earliest capture time, RFC 3339 UTC (e.g. 2026-11-20T00:00:00Z).")
    var from: String?

    @Option(help: "Latest capture time, RFC 3339 UTC.")
    var to: String?

    @Option(help: "The signed search approval file.")
    var approval: String?

    @Option(help: "Your badge or employee id (must be the approval's requester).")
    var requester: String

    @Option(help: "Your organisation.")
    var organisation: String = ""

    @Option(name: .customLong("case"), help: "The case number you are searching for (required; must be the approval's).")
    var caseNumber: String?

    @Option(help: "The purpose of the search (must be the approval's, if given).")
    var purpose: String?

    @Option(help: "Bulk export: write every read in scope to this file (JSON lines) instead of listing them. Prohibited unless the approval allows it.")
    var export: String?

    @Option(help: "Look up the stored read of a hit notice you received (notice sequence number or id). Not gated; logged.")
    var notice: String?

    func validate() throws {
        if notice != nil {
            if approval != nil || plate != nil || from != nil || to != nil || export != nil {
                throw ValidationError("--notice looks up one hit notice; it takes no --approval, --plate, --from, --to or --export")
            }
        } else if approval == nil || from == nil || to == nil || caseNumber == nil {
            throw ValidationError("a search needs --approval FILE, --case N, --from TIME and --to TIME (or --notice ID to look up a hit notice)")
        }
    }

    func run() throws {
        var settings = try UnitConfig.load(from: URL(fileURLWithPath: config))
        if let stateDir { settings.stateDirectory = stateDir }
        let layout = UnitStateLayout(root: settings.stateDirectory)
        let unit = try UnitPolicy.open(root: layout.policy)
        guard unit.unitID == settings.unitID else {
            throw ValidationError("the unit key in \(layout.policy) is for '\(unit.unitID)' but the config says '\(settings.unitID)'")
        }
        let store = try ReadStore.open(
            StoreConfiguration(directory: layout.reads, capacityBytes: settings.storeCapacityBytes,
                               segmentSize: min(64 << 20, settings.storeCapacityBytes / 4), retentionDays: settings.retentionDays),
            mode: .readOnly)
        defer { store.close() }
        let search = ApprovedSearch(gate: unit.searchGate, store: ReadStoreSearch(store: store),
                                    notices: OutboxNoticeFiles(outboxDirectory: layout.outbox, fileSystem: PolicyCLI.fileSystem))
        let officer = AuditActor(id: requester, organisation: organisation.isEmpty ? unit.unitKey.holder.organisation : organisation)

        if let notice {
            let found = try refusalsAsExit { try search.lookUpHitNotice(notice, officer: officer, source: "cli") }
            print("hit notice \(found.notice.id) (sequence \(found.notice.sequence)): \(found.notice.plate) captured \(found.notice.capturedAt)")
            found.reads.forEach(Self.show)
            print("\(found.reads.count) stored read(s); lookup recorded in the audit log")
            return
        }

        let query = SearchQuery(kind: export == nil ? .plateSearch : .bulkExport,
                                plate: try plate.map { (text) throws(ValidationError) in
                                    do { return try PlatePattern(text) } catch { throw ValidationError("--plate: \(error)") }
                                },
                                from: try PolicyCLI.time(from!, option: "--from"), to: try PolicyCLI.time(to!, option: "--to"))
        let request = ApprovedSearch.Request(query: query, approvalToken: try PolicyCLI.readText(approval!), requester: officer, source: "cli",
                                             caseNumber: caseNumber!, purpose: purpose)
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
