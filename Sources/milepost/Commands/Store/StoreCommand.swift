import ArgumentParser
import MilepostStorage

/// `milepost store …`: read-only tools for installers and auditors.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect, verify and query a read store directory (never writes to it).",
        subcommands: [StoreInspect.self, StoreVerify.self, StoreQuery.self]
    )
}

struct StoreLocation: ParsableArguments {
    @Option(name: .long, help: "The store directory (holds store.meta, ring/ and evidence/).")
    var dir: String

    @Option(name: .long, help: "Retention in days; reads older than this are not shown (1-365).")
    var retentionDays: Int = StoreConfiguration.maxRetentionDays

    func open() throws -> ReadStore {
        // Geometry comes from store.meta; the capacity here only satisfies validation.
        let configuration = StoreConfiguration(directory: dir, capacityBytes: 2 * (64 << 20), retentionDays: retentionDays)
        do {
            return try ReadStore.open(configuration, mode: .readOnly)
        } catch {
            throw ValidationError("\(dir): \(error)")
        }
    }
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
        print("live reads: \(stats.liveReads)")
        if let oldest = stats.oldest { print("oldest read: \(oldest.sequence) captured \(oldest.captureTime)") }
        print("next sequence: \(stats.nextSequence)")
        print("holds: \(stats.holds)")
        for hold in store.heldReads() {
            print("  read \(hold.sequence) held \(hold.heldAt) under approval \(hold.approvalID)")
        }
        print(store.recovery.description)
    }
}

struct StoreVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record's CRCs and lap salt; list each damaged region and the reads it cost.",
        discussion: "Exits 1 when any damage is found, 0 when the store is clean.")

    @OptionGroup var location: StoreLocation

    func run() throws {
        let store = try location.open()
        defer { store.close() }
        let report = store.recovery
        print(report.description)
        var problems = report.damage.count + report.damagedSegmentHeaders.count + report.damagedEvidence.count
        // Recovery checked every record it indexed; read each back as well to catch damage since.
        var cursor = try store.query(.all)
        var readBack = 0
        while cursor.next() != nil { readBack += 1 }
        for error in cursor.damaged { print("damaged on read-back: \(error)") }
        problems += cursor.damaged.count
        let lost = report.damage.compactMap(\.lostSequences).reduce(0) { $0 + $1.count }
        print("verified \(readBack) read(s); \(problems) problem(s); \(lost) read(s) known lost to damage")
        if problems > 0 { throw ExitCode(1) }
    }
}

struct StoreQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "List reads by exact plate, plate pattern or capture time.")

    @OptionGroup var location: StoreLocation

    @Option(help: "Exact plate text.")
    var plate: String?

    @Option(help: "Plate pattern: ? matches one character, * any run.")
    var pattern: String?

    @Option(help: "Earliest capture time, ISO 8601 UTC (e.g. 2026-11-29T08:00:00Z).")
    var from: String?

    @Option(help: "Latest capture time, ISO 8601 UTC.")
    var to: String?

    @Option(help: "Stop after this many reads.")
    var limit: Int = 1000

    func run() throws {
        let query: ReadQuery
        switch (plate, pattern, from, to) {
        case (let plate?, nil, nil, nil): query = .plate(plate)
        case (nil, let pattern?, nil, nil): query = .pattern(try PlatePattern(pattern))
        case (nil, nil, let from, let to) where from != nil || to != nil:
            query = .captured(try Self.time(from, "--from", Timestamp(millisecondsSinceEpoch: 0))...Self.time(to, "--to", Timestamp(millisecondsSinceEpoch: Int64.max)))
        default: throw ValidationError("give exactly one of --plate, --pattern, or --from/--to")
        }
        let store = try location.open()
        defer { store.close() }
        var cursor = try store.query(query)
        var shown = 0
        while shown < limit, let stored = cursor.next() {
            let read = stored.read
            print("\(stored.sequence)\t\(read.captureTime)\t\(read.plate)\t\(read.confidence)\t\(read.unitID)/\(read.cameraID)\tauth \(read.authorizationID)\tcrop \(read.crop.count) B\(read.context.map { "\tcontext \($0.count) B" } ?? "")")
            shown += 1
        }
        for error in cursor.damaged { print("damaged: \(error)") }
        print("\(shown) of \(cursor.matchCount) matching read(s)")
    }

    static func time(_ text: String?, _ option: String, _ fallback: Timestamp) throws -> Timestamp {
        guard let text else { return fallback }
        guard let time = Timestamp(iso8601: text) else {
            throw ValidationError("\(option) \(text.debugDescription) is not an ISO 8601 time like 2026-11-29T08:00:00Z")
        }
        return time
    }
}
