import Foundation
import MilepostImaging
import MilepostStorage
import MilepostCore

/// A NEW read store holding made-up reads, for demonstrations, training and
/// tools/policy-smoke. It refuses a directory that already holds a store, so invented reads
/// can never be added to a unit's real store.
public struct DemoReads {
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// One made-up read: a plate and its capture time.
    public struct Read: Equatable {
        public let plate: PlateText
        public let time: UTCTime

        /// Parses `PLATE@TIME`, e.g. `ABC123@2026-11-29T08:00:00Z`.
        public init(parsing text: String) throws {
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, let plate = try? PlateText(normalizing: parts[0]), let time = UTCTime(rfc3339: parts[1]) else {
                throw Refusal(description: "--read \(text.debugDescription) is not PLATE@TIME such as ABC123@2026-11-29T08:00:00Z")
            }
            self.plate = plate
            self.time = time
        }
    }

    public let directory: String
    public let unit: String
    public let authorization: String

    public init(directory: String, unit: String, authorization: String) {
        self.directory = directory
        self.unit = unit
        self.authorization = authorization
    }

    /// Creates the store with the reads given as `PLATE@TIME`; refuses when `directory`
    /// already holds a store, before looking at the reads. Returns how many were stored.
    @discardableResult
    public func create(_ texts: [String]) throws -> Int {
        if FileManager.default.fileExists(atPath: directory + "/store.meta") {
            throw Refusal(description: "\(directory) already holds a store; demo-reads only creates new demonstration stores")
        }
        let unitID = try UnitID(unit)
        let reads = try texts.map(Read.init(parsing:))
        let store = try ReadStore.open(StoreConfiguration(directory: directory, capacityBytes: 4 << 20, segmentSize: 1 << 20),
                                       mode: .readWrite(createIfMissing: true))
        defer { store.close() }
        let crop = try JPEG.encodeGrey(LumaImage(width: 16, height: 8, pixels: [UInt8](repeating: 128, count: 128)))
        for read in reads {
            _ = try store.append(PlateRead(readID: UUID(), captureTime: read.time, unitID: unitID, cameraID: "demo", plate: read.plate, confidence: 900,
                                           box: PlateBox(x: 0, y: 0, width: 16, height: 8), authorizationID: authorization, crop: crop))
        }
        return reads.count
    }
}
