import ArgumentParser
import Foundation
import MilepostHotlist
import MilepostSystem

struct HotlistImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Replace a hotlist with the contents of a CSV file or NCIC-style fixed-width extract.",
        discussion: """
            The new version becomes active only once it is complete and on disk; if anything is \
            wrong the previous version stays active and every problem is listed with its line \
            and field. Columns carrying registered-owner data are refused (DPPA). Formats: \
            docs/HOTLIST-FORMATS.md.
            """
    )

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: "The list's name; authorizations permit lists by name.")
    var list: String

    @Option(help: "csv or ncic (fixed-width). Default: csv for *.csv files, else ncic.")
    var format: String?

    @Option(help: "routine, elevated or high. High lists are never rate-limited.")
    var priority = "routine"

    @Option(help: "Look-alike characters allowed to differ (0 = exact only, at most 3).")
    var lookalike = 1

    @Flag(help: "Serious list (AMBER, wanted...): accept partial plates.")
    var serious = false

    @OptionGroup var storage: HotlistDirectoryOption

    func run() throws {
        guard let priority = ListPriority(name: priority) else {
            throw ValidationError("--priority must be routine, elevated or high, not '\(self.priority)'")
        }
        guard (0...ListSettings.maximumLookalikeSubstitutions).contains(lookalike) else {
            throw ValidationError("--lookalike must be 0...\(ListSettings.maximumLookalikeSubstitutions)")
        }
        let fileFormat: HotlistFileFormat
        if let format {
            guard let parsed = HotlistFileFormat(rawValue: format.lowercased()) else { throw ValidationError("--format must be csv or ncic") }
            fileFormat = parsed
        } else {
            fileFormat = HotlistFileFormat.guess(fromPath: file)
        }
        let files = DiskFileSystem()
        do {
            let bytes = try files.readWholeFile(file)
            let store = try storage.openStore(fileSystem: files)
            let settings = ListSettings(name: list, priority: priority, lookalikeSubstitutions: lookalike, serious: serious)
            let now = Int64(Date().timeIntervalSince1970)
            let imported = try store.importList(bytes, file: file, format: fileFormat, settings: settings, now: now)
            let expired = imported.index.entries.filter { !$0.isActive(at: now) }.count
            print("imported \(list) version \(imported.version): \(imported.entryCount) entries (\(expired) already expired) from \(file)")
        } catch let error as HotlistStoreError {
            printToStandardError(error.description)
            throw ExitCode(65)
        } catch let error as FileError {
            printToStandardError("\(error)")
            throw ExitCode(74)
        }
    }
}
