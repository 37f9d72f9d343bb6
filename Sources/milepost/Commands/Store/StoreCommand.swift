import ArgumentParser
import MilepostStorage

/// `milepost store …`: read-only tools for installers and auditors, which show the ring's
/// health, never a stored read (reads leave the unit only through `milepost search`, under a
/// signed search approval, and every search is audited); and `demo-reads`, which only ever
/// creates a new demonstration store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect and verify a read store (read-only; never shows a plate), or make a demonstration store.",
        discussion: "To look at stored reads use `milepost search`, which needs a signed search approval.",
        subcommands: [StoreInspect.self, StoreVerify.self, StoreDemoReads.self]
    )
}
struct StoreInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show the ring's segments, reads and holds.")

    @OptionGroup var location: StoreLocation

    func run() throws {
        let store = try location.open()
        defer { store.close() }
        let stats = store.statistics()
        print("store \(location.dir)")
        print("segments: \(stats.segments.count) x \(stats.segmentSize) bytes")
        for segment in stats.segments {
            let generation = segment.generation.map { "generation \($0)" } ?? "unused"
            let percent = segment.generation == nil ? 0 : segment.usedBytes * 100 / Int(stats.segmentSize)
            print("  segment \(segment.index): \(generation), \(segment.reads) read(s), \(percent)% used\(segment.isHead ? " (head)" : "")")
        }
        print("live reads: \(stats.liveReads) (within \(location.retentionDays) day(s) of retention)")
        if stats.expiredReads > 0 { print("past retention, not shown, erased at the unit's next purge: \(stats.expiredReads)") }
        if let oldest = stats.oldest { print("oldest read: \(oldest.sequence) captured \(oldest.captureTime.format(fractionDigits: 3))") }
        print("next sequence: \(stats.nextSequence)")
        print("holds: \(stats.holds)")
        for hold in store.heldReads() {
            print("  read \(hold.sequence) held \(hold.heldAt.format(fractionDigits: 3)) under approval \(hold.approvalID)")
        }
        print(store.recovery.description)
    }
}

struct StoreVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record's CRCs and lap salt; list each damaged region and the reads it cost.",
        discussion: "Exits 1 when any damage is found or the store cannot be opened, 0 when the store is clean.")

    @OptionGroup var location: StoreLocation

    func run() throws {
        let store = try location.open()
        defer { store.close() }
        let report = store.recovery
        print(report.description)
        var problems = report.problemCount
        // Recovery checked every record it indexed; read each back as well to catch damage since.
        var cursor = try store.query(.all)
        var readBack = 0
        while cursor.next() != nil { readBack += 1 }
        for error in cursor.damaged { print("damaged on read-back: \(error)") }
        problems += cursor.damaged.count
        print("verified \(readBack) read(s); \(problems) problem(s); \(report.lostReadCount) acknowledged read(s) lost to damage")
        if problems > 0 { throw ExitCode(1) }
    }
}
