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
    @Test func aRunningUnitErasesAndAuditsAReadOnceAYearHasPassed() async throws {
        let bench = try UnitTestBench("unit-retention-purge")
        let config = try bench.config()
        let storeConfiguration = config.readStoreConfiguration(in: bench.layout)
        let before = try ReadStore.open(storeConfiguration, clock: bench.wallClock)
        let sequence = try before.append(.sample(try PlateText(normalizing: "XYZ123"), at: bench.wallClock.now()))
        before.close()

        var unit = bench.unit(config)
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        unit.addServices(UnitLifecycleTests.Probe(bench: bench, started: startedSignal))
        let group = ServiceGroup(configuration: .init(services: [unit], logger: UnitLifecycleTests.quiet))
        let auditLog = UnitPolicyLayout(root: bench.layout.policy).auditLog
        func auditEntries() -> [Substring] {
            let text = (try? String(contentsOfFile: auditLog, encoding: .utf8)) ?? ""
            return text.split(separator: "\n")
        }
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
