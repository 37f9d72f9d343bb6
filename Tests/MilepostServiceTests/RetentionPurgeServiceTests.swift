import Foundation
import Logging
import MilepostCore
import MilepostPolicy
import MilepostPolicyTesting
import MilepostSystem
import MilepostTesting
import Testing
@testable import MilepostService
@testable import MilepostStorage

/// A read store on an in-memory card, a real audit log, and the purge service on virtual time.
private final class PurgeBench: Sendable {
    static let day: Int64 = 86_400_000
    static let segments = 16
    let clock = ManualWallClock()
    let files = FaultInjectingFileSystem()
    let auditStorage = InMemoryAuditStorage(name: "audit.log")
    let audit: AuditLog
    let store: ReadStore
    let storeLane = SerialLane(label: "test.store", pool: .forTests)
    let policyLane = SerialLane(label: "test.policy", pool: .forTests)
    let health = RetentionPurgeHealth()
    let logger: Logger = {
        var logger = Logger(label: "retention-purge-test")
        logger.logLevel = .critical
        return logger
    }()

    init() throws {
        audit = try AuditLog(storage: auditStorage, checkpoints: InMemoryAuditStorage(name: "audit-checkpoints"), clock: clock)
        store = try ReadStore.open(StoreConfiguration(directory: "/store", capacityBytes: Int64(Self.segments) << 16,
                                                      segmentSize: 1 << 16, retentionDays: 365, maxCropBytes: 1024,
                                                      maxContextBytes: 0),
                                   fileSystem: files, clock: clock)
    }

    func service(interval: Duration) -> RetentionPurgeService {
        RetentionPurgeService(store: store, audit: audit, unitID: "unit-7", clock: clock, interval: interval,
                              storeLane: storeLane, policyLane: policyLane, health: health, logger: logger)
    }

    /// A read captured now, with a crop of its own so that its bytes can be looked for.
    func appendRead(_ number: Int) throws -> UInt64 {
        let tag: [UInt8] = withUnsafeBytes(of: UInt64(number).bigEndian) { Array($0) }
        let crop: [UInt8] = [0xFF, 0xD8] + tag + [0xFF, 0xD9]
        return try store.append(.sample(try PlateText(normalizing: "R\(100_000 + number)"), at: clock.now(), crop: crop))
    }

    var auditEntries: [AuditEntry] {
        auditStorage.contents.split(separator: UInt8(ascii: "\n")).map { try! JSONDecoder().decode(AuditEntry.self, from: Data($0)) }
    }

    /// Every read and erased record on the card (what a power cut would leave), by sequence.
    func recordsOnTheCard() -> (reads: [UInt64: RecordHeader], erased: [UInt64: (RecordHeader, payload: ArraySlice<UInt8>)]) {
        var reads: [UInt64: RecordHeader] = [:]
        var erased: [UInt64: (RecordHeader, payload: ArraySlice<UInt8>)] = [:]
        for segment in 0..<Self.segments {
            guard let bytes = files.durableContents(of: StoreLayout.segmentPath("/store", segment)) else { continue }
            var offset = Format.headerSize
            while offset + Format.headerSize <= bytes.count {
                guard let header = try? RecordHeader.decode(bytes[offset..<offset + Format.headerSize]) else {
                    offset += 16
                    continue
                }
                let payload = bytes[offset + Format.headerSize..<offset + Format.headerSize + Int(header.payloadLength)]
                switch header.kind {
                case .read: reads[header.sequence] = header
                case .erased: erased[header.sequence] = (header, payload)
                case .commit: break
                }
                offset += header.recordSize
            }
        }
        return (reads, erased)
    }

    /// Waits until the service is asleep until its next pass.
    func untilAsleep() async throws {
        while clock.sleeperCount == 0 { try await Task.sleep(for: .microseconds(100)) }
    }
}

@Suite struct RetentionPurgeServiceTests {
    @Test func twoYearsUnderAVirtualClockLeaveNoReadPastRetentionOnTheCard() async throws {
        let bench = try PurgeBench()
        let start = bench.clock.now()
        let retention = 365 * PurgeBench.day
        var appended: [(sequence: UInt64, time: UTCTime)] = []
        var erasedThrough = 0
        var expectedPurges: [(count: Int, from: UTCTime, to: UTCTime)] = []
        var heldSequences: [UInt64] = []
        let service = bench.service(interval: .seconds(86_400))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            try await bench.untilAsleep()
            for day in 0..<730 {
                for half in 0..<2 {
                    let sequence = try bench.appendRead(appended.count)
                    appended.append((sequence, bench.clock.now()))
                    if (day, half) == (20, 0) || (day, half) == (400, 1) {
                        heldSequences.append(try bench.store.hold(sequence: sequence, approvalID: "APPROVAL-\(sequence)").sequence)
                    }
                    bench.clock.advance(milliseconds: PurgeBench.day / 2)
                }
                try await bench.untilAsleep()
                let cutoff = bench.clock.now().millisecondsSinceEpoch - retention
                let due = appended[erasedThrough...].prefix { $0.time.millisecondsSinceEpoch < cutoff }
                if let first = due.first, let last = due.last {
                    expectedPurges.append((due.count, first.time, last.time))
                }
                erasedThrough += due.count
            }
            group.cancelAll()
        }

        let now = bench.clock.now()
        #expect(now == start.adding(milliseconds: 730 * PurgeBench.day))
        let cutoff = now.millisecondsSinceEpoch - retention
        let (reads, erased) = bench.recordsOnTheCard()
        #expect(reads.count == 730, "one year of reads, two a day, is left")
        #expect(reads.values.allSatisfy { $0.captureTime.millisecondsSinceEpoch >= cutoff },
                "no read older than the retention period is on the card")
        #expect(erased.count == appended.count - reads.count, "every other read is an erased record")
        #expect(erased.values.allSatisfy { record in record.payload.allSatisfy { $0 == 0 } && record.0.plate == PlateKey(bytes: []) },
                "an erased record keeps no plate and no payload byte: its crop is zeros")
        #expect(Set(reads.keys).union(erased.keys) == Set(appended.map(\.sequence)))
        #expect(bench.store.statistics().expiredReads == 0)

        #expect(bench.store.heldReads().map(\.sequence) == heldSequences)
        for sequence in heldSequences {
            let (hold, evidence) = try bench.store.evidence(sequence: sequence)
            #expect(hold.approvalID == "APPROVAL-\(sequence)")
            #expect(evidence.sequence == sequence, "the held read outlives retention in the evidence area")
        }

        let purges = bench.auditEntries.filter { $0.event == "store.purge" }
        #expect(purges.count == 365, "a purge a day once the first day's reads have passed retention")
        #expect(purges.count == expectedPurges.count)
        for (entry, expected) in zip(purges, expectedPurges) {
            let from = expected.from.format(fractionDigits: 3), to = expected.to.format(fractionDigits: 3)
            #expect(entry.object == "reads captured \(from) to \(to)")
            guard case .recorded(let detail) = entry.outcome else {
                Issue.record("purge entry without a detail: \(entry)")
                continue
            }
            #expect(detail.hasPrefix("erased \(expected.count) read(s) with their images"), "\(detail)")
            #expect(entry.actor == .unit("unit-7"))
        }
        // Only the hold whose ring copy was erased is an exemption; the other read is still in retention.
        let exempted = heldSequences.filter { erased[$0] != nil }
        #expect(exempted.count == 1)
        let kept = bench.auditEntries.filter { $0.event == "store.purge-hold-kept" }
        #expect(kept.map(\.object) == exempted.map { "read \($0)" })
        #expect(kept.map(\.approvalID) == exempted.map { "APPROVAL-\($0)" })
        #expect(bench.health.current.failures == 0)
        #expect(bench.health.current.lastSuccess == now)
    }

    @Test func aPurgeThatFindsNothingPastRetentionWritesNoEntry() async throws {
        let bench = try PurgeBench()
        _ = try bench.appendRead(1)
        bench.clock.advance(milliseconds: 364 * PurgeBench.day)
        #expect(await bench.service(interval: .seconds(3600)).purgeOnce().isEmpty)
        #expect(bench.auditEntries.isEmpty)
        #expect(bench.health.current.lastSuccess == bench.clock.now())
    }

    @Test func aFailedPurgeIsCountedRaisedAndRetriedAtTheNextPass() async throws {
        let bench = try PurgeBench()
        let sequence = try bench.appendRead(1)
        bench.clock.advance(milliseconds: 366 * PurgeBench.day)
        let service = bench.service(interval: .seconds(3600))
        bench.files.failMutations(after: 0)
        #expect(await service.purgeOnce().isEmpty)
        #expect(bench.health.current.failures == 1)
        #expect(bench.health.current.fault?.contains("retention purge failed") == true)
        #expect(bench.auditEntries.isEmpty)
        bench.files.clearFault()

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            try await bench.untilAsleep()
            bench.clock.advance(seconds: 3600)
            try await bench.untilAsleep()
            group.cancelAll()
        }
        #expect(bench.health.current.fault == nil, "the next pass succeeded, so /status no longer shows the fault")
        #expect(bench.health.current.failures == 1)
        #expect(bench.recordsOnTheCard().erased.keys.sorted() == [sequence])
        #expect(bench.auditEntries.map(\.event) == ["store.purge"])
    }

    @Test func entriesTheAuditLogRefusedAreRecordedAtTheNextPass() async throws {
        let bench = try PurgeBench()
        _ = try bench.appendRead(1)
        bench.clock.advance(milliseconds: 366 * PurgeBench.day)
        let service = bench.service(interval: .seconds(3600))
        bench.auditStorage.failAppends(errno: 5)
        let unrecorded = await service.purgeOnce()
        #expect(unrecorded.map(\.type) == ["store.purge"])
        #expect(bench.health.current.fault?.contains("not recorded") == true)
        #expect(bench.recordsOnTheCard().reads.isEmpty, "the read is erased even though its entry waits")
        bench.auditStorage.failAppends(errno: nil)
        #expect(await service.purgeOnce(unrecorded: unrecorded).isEmpty)
        #expect(bench.auditEntries.map(\.event) == ["store.purge"])
        #expect(bench.health.current.fault == nil)
    }
}
