import ArgumentParser
import Foundation
import MilepostHotlist
import MilepostSystem

struct HotlistShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List the unit's hotlists with version, size and age; exit 1 if any is in alarm.",
        discussion: "A list not replaced within 24 hours is STALE: the policy expects daily updates."
    )

    @OptionGroup var storage: HotlistDirectoryOption

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let store: HotlistStore
        do {
            store = try storage.openStore(fileSystem: DiskFileSystem())
        } catch {
            printToStandardError("\(error)")
            throw ExitCode(74)
        }
        let now = Int64(Date().timeIntervalSince1970)
        let statuses = store.status(now: now)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(statuses), as: UTF8.self))
        } else if statuses.isEmpty {
            print("no hotlists in \(storage.directory)")
        } else {
            for status in statuses {
                let settings = store.list(named: status.name)?.settings
                var line = "\(status.name): \(status.condition.rawValue.uppercased())"
                if let version = status.version, let count = status.entryCount, let age = status.ageSeconds, let settings {
                    line += ", version \(version), \(count) entries, age \(age / 3600) h \(age % 3600 / 60) min"
                    line += ", priority \(settings.priority.name), look-alike \(settings.lookalikeSubstitutions)"
                    line += settings.serious ? ", serious" : ""
                }
                if let problem = status.problem { line += ": \(problem)" }
                print(line)
            }
        }
        if statuses.contains(where: \.isAlarm) { throw ExitCode(1) }
    }
}
