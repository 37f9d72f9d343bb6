// The durability campaigns: power cuts at every write point for the policy state and installed
// documents, the audit log, hotlist import, the notice outbox and officer dispositions (see docs/durability.md and
// tools/crash-test). Each campaign prints its problems and then its last line,
// "<name>: N crash points, M acknowledged operations, K lost"; the tool exits non-zero if
// anything was lost or any check failed.
//
// Arguments: --only <campaign name> (repeatable), --verbose.
import Foundation
import MilepostCore
import MilepostTesting

let arguments = CommandLine.arguments
let verbose = arguments.contains("--verbose")
let only: Set<String> = Set(arguments.indices.filter { arguments[$0] == "--only" && $0 + 1 < arguments.count }.map { arguments[$0 + 1] })
let modes = FaultInjectingFileSystem.PowerCutMode.allCases

let campaigns: [(name: String, run: () -> CampaignSummary)] = [
    (PolicyStateCampaign.name, { CampaignRunner.run(PolicyStateCampaign(), modes: modes, verbose: verbose) }),
    (AuditLogCampaign.name, { CampaignRunner.run(AuditLogCampaign(), modes: modes, verbose: verbose) }),
    (HotlistImportCampaign.name, { CampaignRunner.run(HotlistImportCampaign(), modes: modes, verbose: verbose) }),
    (NoticeOutboxCampaign.name, { CampaignRunner.run(NoticeOutboxCampaign(), modes: modes, verbose: verbose) }),
    (DispositionCampaign.name, { CampaignRunner.run(DispositionCampaign(), modes: modes, verbose: verbose) }),
]
let unknown = only.subtracting(campaigns.map(\.name))
if !unknown.isEmpty {
    print("unknown campaign \(unknown.sorted().joined(separator: ", ")); the campaigns are \(campaigns.map(\.name).joined(separator: ", "))")
    exit(2)
}

/// Messages can quote bytes a torn write left (garbage); they are shown as `?`.
func printable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { (0x20..<0x7F).contains($0.value) ? $0 : "?" }))
}

var failed = false
for campaign in campaigns where only.isEmpty || only.contains(campaign.name) {
    let began = Date()
    let summary = campaign.run()
    for problem in summary.problems.prefix(30) { print("\(summary.name): VIOLATION \(printable(problem))") }
    if summary.problems.count > 30 { print("\(summary.name): ... \(summary.problems.count - 30) more violations") }
    print("\(summary.name): \(summary.writePoints) write points, each cut with \(modes.count) modes; \(summary.problems.count) violations; "
        + String(format: "%.1f s", Date().timeIntervalSince(began)))
    print(summary.line)
    if summary.lost > 0 || !summary.problems.isEmpty { failed = true }
}
exit(failed ? 1 : 0)
