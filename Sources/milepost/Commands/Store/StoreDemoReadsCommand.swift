import ArgumentParser
import MilepostBenchmarks

/// `milepost store demo-reads`: makes a NEW store holding made-up reads, for demonstrations,
/// training and tools/policy-smoke. It refuses a directory that already holds a store, so it
/// can never add invented reads to a unit's real store.
struct StoreDemoReads: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-reads",
        abstract: "Create a new demonstration store with made-up reads (refuses an existing store).",
        discussion: "Each --read is PLATE@TIME, e.g. --read ABC123@2026-11-29T08:00:00Z."
    )

    @Option(help: "Directory for the new store (must not hold a store).")
    var dir: String

    @Option(help: "Unit id recorded in the reads.")
    var unit: String

    @Option(help: "Authorization id recorded in the reads.")
    var authorization = "DEMO"

    @Option(help: "A made-up read, PLATE@TIME (repeatable).")
    var read: [String]

    func run() throws {
        let count: Int
        do {
            count = try DemoReads(directory: dir, unit: unit, authorization: authorization).create(read)
        } catch let refusal as DemoReads.Refusal {
            throw ValidationError(refusal.description)
        }
        print("created demonstration store \(dir) with \(count) made-up read(s)")
    }
}
