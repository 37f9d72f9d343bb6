import ArgumentParser
import Foundation
import MilepostHotlist
import MilepostPolicy
import MilepostSystem

struct HotlistImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Replace a hotlist with an approved CSV file or NCIC-style fixed-width extract.",
        discussion: """
            The list must come with its signed hotlist approval (`milepost auth approve-hotlist`), \
            which names the list, the SHA-256 of its content, its entry count and how it is \
            matched; the name and settings default to the approval's. The new version becomes \
            active only once it is complete, approved and on disk; if anything is wrong the \
            previous version stays active and every problem is listed with its line and field. \
            Columns carrying registered-owner data are refused (DPPA). The running unit checks \
            the list again and audits it when it loads it; a refused import is left in \
            refused-imports/ for the unit to audit. Formats: docs/HOTLIST-FORMATS.md.
            """
    )

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: "The signed hotlist approval for this file.")
    var approval: String

    @Option(help: "The list's name; authorizations permit lists by name. Default: the approval's.")
    var list: String?

    @Option(help: "csv or ncic (fixed-width). Default: csv for *.csv files, else ncic.")
    var format: String?

    @Option(help: "routine, elevated or high. High lists are never rate-limited. Default: the approval's.")
    var priority: String?

    @Option(help: "Look-alike characters allowed to differ (0 = exact only, at most 3). Default: the approval's.")
    var lookalike: Int?

    @Flag(inversion: .prefixedNo, help: "Serious list (AMBER, wanted...): accept partial plates. Default: the approval's.")
    var serious: Bool?

    @OptionGroup var storage: HotlistDirectoryOption

    func run() throws {
        let token = try PolicyCLI.readText(approval)
        let claimed = try HotlistApproval.claimed(in: token, document: approval)
        let priority = try HotlistCLI.priority(priority ?? claimed.matching.priority)
        let lookalike = try HotlistCLI.lookalike(lookalike ?? claimed.matching.lookalike)
        let listName = list ?? claimed.list
        let fileFormat = try HotlistCLI.format(format, file: file)
        let (bytes, store) = try openInputs()
        do throws(HotlistStoreError) {
            let settings = ListSettings(name: listName, priority: priority, lookalikeSubstitutions: lookalike, serious: serious ?? claimed.matching.serious)
            let now = Int64(Date().timeIntervalSince1970)
            let imported = try store.importList(bytes, file: file, format: fileFormat, settings: settings, approval: token, now: now)
            let expired = imported.index.entries.filter { !$0.isActive(at: now) }.count
            print("imported \(listName) version \(imported.version): \(imported.entryCount) entries (\(expired) already expired) from \(file)")
            print("  sha256 \(imported.contentSHA256), approval \(claimed.id) (\(claimed.listKind.rawValue)\(claimed.caseNumber.map { ", case \($0)" } ?? ""))")
        } catch {
            printToStandardError(error.description)
            throw ExitCode(Self.leaveForAudit(error, list: listName, file: file, bytes: bytes, store: store))
        }
    }

    private func openInputs() throws -> ([UInt8], HotlistStore) {
        let files = DiskFileSystem()
        do {
            return (try files.readWholeFile(file), try storage.openStore(fileSystem: files))
        } catch let error as FileError {
            printToStandardError("\(error)")
            throw ExitCode(74)
        }
    }

    /// Leaves a refusal for the running unit to audit; returns the exit code.
    private static func leaveForAudit(_ error: HotlistStoreError, list: String, file: String, bytes: [UInt8], store: HotlistStore) -> Int32 {
        let contentSHA256: String?
        switch error {
        case .fileSystem: return 74
        case .notApproved(_, let sha256, _): contentSHA256 = sha256
        default: contentSHA256 = nil
        }
        let refusal = RefusedImportRecord(list: list, fileSHA256: HotlistContent.fileSHA256(of: bytes), contentSHA256: contentSHA256,
                                          sourceFile: file, reason: error.description, refusedAt: Int64(Date().timeIntervalSince1970))
        do {
            try store.recordRefusedImport(refusal)
        } catch {
            printToStandardError("the refusal could not be left for the unit to audit: \(error)")
        }
        return 65
    }
}
