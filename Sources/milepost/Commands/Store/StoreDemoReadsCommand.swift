import ArgumentParser
import Foundation
import MilepostCore
import MilepostImaging
import MilepostStorage

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
        if FileManager.default.fileExists(atPath: dir + "/store.meta") {
            throw ValidationError("\(dir) already holds a store; demo-reads only creates new demonstration stores")
        }
        let reads = try read.map(parse)
        let store = try ReadStore.open(StoreConfiguration(directory: dir, capacityBytes: 4 << 20, segmentSize: 1 << 20),
                                       mode: .readWrite(createIfMissing: true))
        defer { store.close() }
        let crop = try JPEG.encodeGrey(LumaImage(width: 16, height: 8, pixels: [UInt8](repeating: 128, count: 128)))
        for (plate, time) in reads {
            _ = try store.append(PlateRead(readID: UUID(), captureTime: time, unitID: unit, cameraID: "demo", plate: plate, confidence: 900,
                                           box: PlateBox(x: 0, y: 0, width: 16, height: 8), authorizationID: authorization, crop: crop))
        }
        print("created demonstration store \(dir) with \(reads.count) made-up read(s)")
    }

    private func parse(_ text: String) throws -> (PlateText, UTCTime) {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let time = UTCTime(rfc3339: parts[1]) else {
            throw ValidationError("--read \(text.debugDescription) is not PLATE@TIME such as ABC123@2026-11-29T08:00:00Z")
        }
        do { return (try PlateText(normalizing: parts[0]), time) } catch {
            throw ValidationError("--read \(text.debugDescription): \(error)")
        }
    }
}
