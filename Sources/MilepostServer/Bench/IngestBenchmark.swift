import Foundation
import Logging
import MilepostCore
import MilepostIngest
import MilepostPolicy

/// Simulated units sending signed batches concurrently through the ingest route's own path
/// (key lookup, decoding, signature check, the one-transaction insert), in-process, without
/// HTTP. Each run registers fresh unit keys, so it may be repeated on one scratch database.
/// Crops are random bytes behind a JPEG marker: like a real JPEG, PostgreSQL cannot compress them.
public struct IngestBenchmark: Sendable {
    public var units: Int
    public var readsPerUnit: Int
    public var batchSize: Int
    public var cropBytes: Int
    /// Each unit's first read is captured then, the next ones a second apart.
    public var firstCapture: UTCTime

    public static let defaultFirstCapture = UTCTime(millisecondsSinceEpoch: 1_795_000_000_000)

    public init(units: Int, readsPerUnit: Int, batchSize: Int, cropBytes: Int, firstCapture: UTCTime = IngestBenchmark.defaultFirstCapture) {
        self.units = units
        self.readsPerUnit = readsPerUnit
        self.batchSize = batchSize
        self.cropBytes = cropBytes
        self.firstCapture = firstCapture
    }

    public struct Result: Sendable {
        public var reads: Int
        public var seconds: Double
        public var readsPerSecond: Double { Double(reads) / seconds }
    }

    public func run(parts: DepartmentServer.Parts, logger: Logger) async throws -> Result {
        let routes = IngestRoutes(keys: parts.keys, ingestor: parts.ingestor, logger: logger)
        let run = UUID().uuidString.prefix(8).lowercased()
        var keys: [PolicySigningKey] = []
        for index in 0..<units {
            let key = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "bench-\(run)-\(index)", organisation: "benchmark"))
            _ = try await parts.keys.register(key.publicKey)
            keys.append(key)
        }
        // Bodies are built and signed before the clock starts: the unit's cost, not the server's.
        let batches = try keys.map { key in try signedBatches(for: key) }
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for unitBatches in batches {
                tasks.addTask {
                    for (body, signature) in unitBatches { _ = try await routes.ingest(body: body, signature: signature) }
                }
            }
            try await tasks.waitForAll()
        }
        return Result(reads: units * readsPerUnit, seconds: (ContinuousClock.now - started).benchmarkSeconds)
    }

    private func signedBatches(for key: PolicySigningKey) throws -> [(body: [UInt8], signature: String)] {
        let unitID = try UnitID(key.holder.name)
        var random = SystemRandomNumberGenerator()
        let crop = [0xFF, 0xD8] + (0..<max(0, cropBytes - 2)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let start = firstCapture.adding(seconds: -1)
        var result: [(body: [UInt8], signature: String)] = []
        var sequence: UInt64 = 0
        while sequence < UInt64(readsPerUnit) {
            let count = min(batchSize, readsPerUnit - Int(sequence))
            let reads = try (0..<count).map { _ in
                sequence += 1
                let read = PlateRead(readID: UUID(), captureTime: start.adding(seconds: Int64(sequence)), unitID: unitID, cameraID: "cam0",
                                     plate: try PlateText(normalizing: "BEN\(sequence % 10_000)"), confidence: 900,
                                     box: PlateBox(x: 10, y: 20, width: 120, height: 40), authorizationID: "bench", crop: crop)
                return SequencedRead(sequence: sequence, read: read)
            }
            let body = ReadBatchCodec.encode(ReadBatch(unitID: unitID, reads: reads))
            result.append((body, try BatchSignature.header(for: body, unitID: unitID, unitKey: key)))
        }
        return result
    }
}

extension Duration {
    /// The duration in seconds, for benchmark reports.
    var benchmarkSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
