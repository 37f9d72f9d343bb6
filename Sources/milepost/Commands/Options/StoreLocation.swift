import ArgumentParser
import MilepostStorage

/// `--dir` and `--retention-days` of the read-only store commands.
struct StoreLocation: ParsableArguments {
    @Option(name: .long, help: "The store directory (holds store.meta, ring/ and evidence/).")
    var dir: String

    @Option(name: .long, help: "Retention in days; reads older than this are not shown (1-365).")
    var retentionDays: Int = StoreConfiguration.maxRetentionDays

    func validate() throws {
        guard (1...StoreConfiguration.maxRetentionDays).contains(retentionDays) else {
            throw ValidationError("--retention-days is \(retentionDays); it must be within 1...\(StoreConfiguration.maxRetentionDays)")
        }
    }

    /// Opens the store read-only. A store that cannot be opened (a damaged `store.meta`
    /// the segment headers cannot stand in for, a segment file of the wrong size) is a
    /// finding, not a usage mistake: it is reported and the command exits 1.
    func open() throws -> ReadStore {
        // Geometry comes from store.meta; the capacity here only satisfies validation.
        let configuration = StoreConfiguration(directory: dir, capacityBytes: 2 * (64 << 20), retentionDays: retentionDays)
        do {
            return try ReadStore.open(configuration, mode: .readOnly)
        } catch {
            throw StoreUnreadable(directory: dir, error: error)
        }
    }
}

/// The store could not be opened; ArgumentParser prints this and exits 1, without usage text.
struct StoreUnreadable: Error, CustomStringConvertible {
    let directory: String
    let error: StoreError
    var description: String { "\(directory): \(error); no read could be checked" }
}
