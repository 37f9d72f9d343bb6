import Foundation
import Logging
import MilepostCore
import MilepostHotlist
import MilepostIngest
import MilepostIngestTesting
import MilepostPolicy
import MilepostPolicyTesting
import MilepostSystem
import MilepostTesting
@testable import MilepostService
@testable import MilepostStorage

/// A read store on an in-memory card, its upload cursor, a real audit log, a unit key and a
/// scripted department server, for the uploader's tests (virtual time throughout).
final class UploadBench: Sendable {
    /// Always the middle of the jitter range, so backoff delays are exact.
    struct MiddleJitter: JitterSource {
        func next() -> Double { 0.5 }
    }

    let clock = ManualWallClock()
    let files = FaultInjectingFileSystem()
    let auditStorage = InMemoryAuditStorage(name: "audit.log")
    let audit: AuditLog
    let store: ReadStore
    let server = ScriptedIngestServer()
    let unitKey = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Leicester PD"))
    let lane = SerialLane(label: "test.uploads", pool: .forTests)
    let policyLane = SerialLane(label: "test.policy", pool: .forTests)
    let health = UploadHealth()
    let logger: Logger = {
        var logger = Logger(label: "uploader-test")
        logger.logLevel = .critical
        return logger
    }()

    /// A ring of `segments` segments of 16 KiB: with 1 KiB crops, 14 reads a segment.
    init(segments: Int = 16) throws {
        audit = try AuditLog(storage: auditStorage, checkpoints: InMemoryAuditStorage(name: "audit-checkpoints"), clock: clock)
        store = try ReadStore.open(StoreConfiguration(directory: "/store", capacityBytes: Int64(segments) << 14, segmentSize: 1 << 14,
                                                      retentionDays: 365, maxCropBytes: 1024, maxContextBytes: 0),
                                   fileSystem: files, clock: clock)
    }

    func worker(batchSize: Int = 5, transport: (any ReadBatchTransport)? = nil) throws -> ReadUploadWorker {
        ReadUploadWorker(store: store, cursor: try UploadCursor.open(for: store, fileSystem: files), unitID: "unit-7", unitKey: unitKey,
                         transport: transport ?? server, settings: UploadSettings(batchSize: batchSize, intervalMillis: 5_000),
                         lane: lane, audit: audit, policyLane: policyLane, health: health, clock: clock, jitter: MiddleJitter(),
                         logger: logger)
    }

    @discardableResult
    func append(_ count: Int) throws -> [UInt64] {
        try (0..<count).map { _ in
            clock.advance(milliseconds: 100)
            let number = store.upcomingSequence
            return try store.append(.sample(try PlateText(normalizing: "UP\(10_000 + number)"), at: clock.now(),
                                            crop: [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 1000)))
        }
    }

    var cursorOnDisk: UInt64 {
        get throws { try UploadCursor.open(for: store, fileSystem: files).acknowledgedThrough }
    }

    var auditEntries: [AuditEntry] {
        auditStorage.contents.split(separator: UInt8(ascii: "\n")).map { try! JSONDecoder().decode(AuditEntry.self, from: Data($0)) }
    }
}
