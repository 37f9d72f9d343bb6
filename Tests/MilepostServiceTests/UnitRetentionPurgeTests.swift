import Foundation
import Logging
import MilepostCore
import MilepostPolicy
import MilepostStorage
import MilepostTesting
import ServiceLifecycle
import Testing
@testable import MilepostService

/// The running unit erases reads past retention while it runs, not only when it starts.
@Suite(.serialized) struct UnitRetentionPurgeTests {
    /// Stores one read, captured now, in the unit's store before the unit runs.
    private func storeOneRead(_ bench: UnitTestBench, _ config: UnitConfig) throws -> UInt64 {
        let store = try ReadStore.open(config.readStoreConfiguration(in: bench.layout), clock: bench.wallClock)
        defer { store.close() }
        return try store.append(.sample(try PlateText(normalizing: "XYZ123"), at: bench.wallClock.now()))
    }

    private func auditEntries(_ bench: UnitTestBench) -> [Substring] {
        let text = (try? String(contentsOfFile: UnitPolicyLayout(root: bench.layout.policy).auditLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n")
    }

    @Test func theUnitAuditsThePurgeItsStoreRanWhenItOpened() async throws {
        let bench = try UnitTestBench("unit-opening-purge")
        let config = try bench.config()
        _ = try storeOneRead(bench, config)
        bench.wallClock.advance(seconds: 366 * 86_400)
        var unit = bench.unit(config)
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        unit.addServices(UnitLifecycleTests.Probe(bench: bench, started: startedSignal))
        let group = ServiceGroup(configuration: .init(services: [unit], logger: UnitLifecycleTests.quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for await _ in started { break }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let purges = auditEntries(bench).filter { $0.contains("\"event\":\"store.purge\"") }
        #expect(purges.count == 1, "\(purges)")
        #expect(purges.first?.contains("erased 1 read(s)") == true)
    }

    @Test func aRunningUnitErasesAndAuditsAReadOnceAYearHasPassed() async throws {
        let bench = try UnitTestBench("unit-retention-purge")
        let config = try bench.config()
        let storeConfiguration = config.readStoreConfiguration(in: bench.layout)
        let sequence = try storeOneRead(bench, config)

        var unit = bench.unit(config)
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        unit.addServices(UnitLifecycleTests.Probe(bench: bench, started: startedSignal))
        let group = ServiceGroup(configuration: .init(services: [unit], logger: UnitLifecycleTests.quiet))
        func auditEntries() -> [Substring] { self.auditEntries(bench) }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for await _ in started { break }
            #expect(!auditEntries().contains { $0.contains("store.purge") }, "nothing was due when the unit started")
            bench.wallClock.advance(seconds: 366 * 86_400)
            #expect(await bench.wait { auditEntries().contains { $0.contains("\"event\":\"store.purge\"") } },
                    "the hourly pass ran on the unit's wall clock and audited what it erased")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let purge = try #require(auditEntries().first { $0.contains("\"event\":\"store.purge\"") })
        #expect(purge.contains("erased 1 read(s)"), "\(purge)")
        let after = try ReadStore.open(storeConfiguration, clock: bench.wallClock, mode: .readOnly)
        defer { after.close() }
        #expect(after.recovery.erasedRecords == 1, "read \(sequence) is an erased record on the card")
        #expect(after.recovery.readsRecovered == 0)
    }
}
