import Foundation
import Logging
import MilepostPolicy
import ServiceLifecycle
import Testing
@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct PolicyCheckpointServiceTests {
    let f: PolicyUnitFixture

    init() throws {
        f = try PolicyUnitFixture()
    }

    var checkpointCount: Int { f.checkpointStorage.contents.filter { $0 == UInt8(ascii: "\n") }.count }

    func record(_ what: String) throws {
        try f.unit.audit.record(AuditEvent(type: "capture.permitted", actor: .unit("unit-7"), source: "local", object: what, outcome: .allowed(resultCount: nil)))
    }

    /// Notes whether each signing ran on the policy queue.
    struct WitnessedCheckpoints: AuditCheckpointing {
        let inner: any AuditCheckpointing
        let witness: QueueWitness
        var entryCount: Int { inner.entryCount }
        func checkpoint() throws -> Int {
            witness.note()
            return try inner.checkpoint()
        }
    }

    @Test func checkpointsAreSignedOnThePolicyQueueEachIntervalWithNewEntriesAndAtShutdown() async throws {
        let clock = PolicyTestClock()
        let queue = SerialLane(label: "test.policy", pool: .forTests)
        let witness = QueueWitness(queue)
        let service = AuditCheckpointService(checkpoints: WitnessedCheckpoints(inner: UnitAuditCheckpoints(f.unit), witness: witness),
                                             interval: .seconds(900), clock: clock, queue: queue, logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }

        await clock.waitForSleepCalls(1)
        #expect(checkpointCount == 0)
        clock.advance(by: .seconds(899))
        await Task.yield()
        #expect(checkpointCount == 0)
        clock.advance(by: .seconds(1))
        await clock.waitForSleepCalls(2)
        #expect(checkpointCount == 1)
        #expect(f.verifyAudit().coveredEntries == f.unit.audit.head.count)

        // Nothing new: the next interval adds no checkpoint (and no entry).
        let entries = f.unit.audit.head.count
        clock.advance(by: .seconds(900))
        await clock.waitForSleepCalls(3)
        #expect(checkpointCount == 1 && f.unit.audit.head.count == entries)

        try record("after first checkpoint")
        clock.advance(by: .seconds(900))
        await clock.waitForSleepCalls(4)
        #expect(checkpointCount == 2)

        try record("just before shutdown")
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(checkpointCount == 3)
        let report = f.verifyAudit()
        #expect(report.isIntact && report.checkpointsVerified == 3 && report.coveredEntries == report.entryCount)
        #expect(report.warnings.isEmpty)
        #expect(witness.calls == 3 && witness.allOnQueue, "each signing (write and fsync) ran on the policy queue")
    }

    struct FailingCheckpoints: AuditCheckpointing {
        struct Full: Error {}
        var entryCount: Int { 5 }
        func checkpoint() throws -> Int { throw Full() }
    }

    @Test func aFailedCheckpointDoesNotStopTheService() async throws {
        let clock = PolicyTestClock()
        let service = AuditCheckpointService(checkpoints: FailingCheckpoints(), interval: .seconds(60), clock: clock,
                                             queue: SerialLane(label: "test.policy", pool: .forTests), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        await clock.waitForSleepCalls(1)
        clock.advance(by: .seconds(60))
        await clock.waitForSleepCalls(2)  // it went back to waiting for the next interval
        await group.triggerGracefulShutdown()
        try await running.value
    }
}

@Suite struct PolicyCheckpointConfigTests {
    @Test func theCheckpointIntervalIsOptionalAndBounded() throws {
        let base = """
            {"unitID":"u1","cameraID":"c0","board":"sim","stateDirectory":"/tmp/x",
             "storeCapacityBytes":16777216,"retentionDays":30,"httpHost":"127.0.0.1","httpPort":8640,"plainHTTPOnLoopback":true,
             "minimumConfidence":500
            """
        #expect(try JSONDecoder().decode(UnitConfig.self, from: Data((base + "}").utf8)).auditCheckpointIntervalSeconds == nil)
        let set = try JSONDecoder().decode(UnitConfig.self, from: Data((base + #","auditCheckpointIntervalSeconds":300}"#).utf8))
        #expect(set.auditCheckpointIntervalSeconds == 300)
        try set.validate(path: "unit.json")
        var tooShort = set
        tooShort.auditCheckpointIntervalSeconds = 5
        #expect(throws: UnitConfigError.outOfRange(path: "unit.json", field: "auditCheckpointIntervalSeconds", value: "5", range: "10...86400")) {
            try tooShort.validate(path: "unit.json")
        }
    }
}
